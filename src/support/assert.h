// Compiler-bug checks: `TILE_ASSERT(cond) << "context"` throws InternalError, reported as an
// "internal compiler error" with the C++ file and line; the message is only built on failure.
#pragma once
#include <sstream>
#include <stdexcept>
#include <string>

namespace tltt {

class InternalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
class AssertFailure {
 public:
  AssertFailure(const char* file, int line, const char* cond) {
    stream_ << file << ":" << line << ": check failed: " << cond;
  }
  template <class T>
  AssertFailure& operator<<(const T& value) {
    if (!has_message_) {
      stream_ << ": ";
      has_message_ = true;
    }
    stream_ << value;
    return *this;
  }
  [[noreturn]] ~AssertFailure() noexcept(false) { throw InternalError(stream_.str()); }

 private:
  std::ostringstream stream_;
  bool has_message_ = false;
};
}  // namespace detail

}  // namespace tltt

#define TILE_ASSERT(cond) \
  if (cond) {             \
  } else                  \
    ::tltt::detail::AssertFailure(__FILE__, __LINE__, #cond)
