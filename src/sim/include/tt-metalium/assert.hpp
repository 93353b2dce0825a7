// TT_FATAL / TT_THROW / TT_ASSERT as host programs use them (messages formatted with fmt).
#pragma once
#include <fmt/core.h>

#include <stdexcept>
#include <string>

namespace tt::assert_detail {
template <typename... Args>
[[noreturn]] void fail(const char* file, int line, const char* cond, Args&&... args) {
  std::string msg;
  if constexpr (sizeof...(Args) > 0) msg = fmt::format(std::forward<Args>(args)...);
  throw std::runtime_error(std::string(file) + ":" + std::to_string(line) + ": " +
                           (cond ? std::string("TT_FATAL @ ") + cond + ": " : std::string()) + msg);
}
}  // namespace tt::assert_detail

#define TT_THROW(...) ::tt::assert_detail::fail(__FILE__, __LINE__, nullptr, __VA_ARGS__)
#define TT_FATAL(cond, ...)                                                         \
  do {                                                                              \
    if (!(cond)) ::tt::assert_detail::fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
  } while (0)
#ifndef TT_ASSERT
#define TT_ASSERT(cond, ...)                                                           \
  do {                                                                                 \
    if (!(cond)) ::tt::assert_detail::fail(__FILE__, __LINE__, #cond, "" __VA_ARGS__); \
  } while (0)
#endif
