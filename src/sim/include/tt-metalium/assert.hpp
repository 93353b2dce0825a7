// TT_FATAL / TT_THROW / TT_ASSERT as host programs use them (tt_stl/assert.hpp): an optional
// fmt-style message with arguments. The message is formatted at run time (fmt::runtime), since
// the SDK's macros accept any string expression, not only a literal.
#pragma once
#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace tt::assert_detail {
inline std::string message() { return {}; }
template <typename... Args>
std::string message(std::string_view format, Args&&... args) {
  if constexpr (sizeof...(Args) == 0) {
    return std::string(format);
  } else {
    return fmt::format(fmt::runtime(format), std::forward<Args>(args)...);
  }
}
template <typename... Args>
[[noreturn]] void fail(const char* file, int line, const char* cond, Args&&... args) {
  throw std::runtime_error(std::string(file) + ":" + std::to_string(line) + ": " +
                           (cond ? std::string("TT_FATAL @ ") + cond + ": " : std::string()) +
                           message(std::forward<Args>(args)...));
}
}  // namespace tt::assert_detail

#define TT_THROW(...) ::tt::assert_detail::fail(__FILE__, __LINE__, nullptr, __VA_ARGS__)
#define TT_FATAL(cond, ...)                                                         \
  do {                                                                              \
    if (!(cond)) ::tt::assert_detail::fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
  } while (0)
#ifndef TT_ASSERT
#define TT_ASSERT(cond, ...)                                                                      \
  do {                                                                                            \
    if (!(cond)) ::tt::assert_detail::fail(__FILE__, __LINE__, #cond __VA_OPT__(, ) __VA_ARGS__); \
  } while (0)
#endif
