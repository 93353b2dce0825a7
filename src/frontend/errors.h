// The front end's internal error signal: a located user error thrown from deep inside evaluation
// and turned into a diagnostic at the nearest statement boundary.
#pragma once
#include <string>

#include "support/location.h"

namespace tltt::fe {

struct UserError {
  Location loc;
  std::string message;
};

[[noreturn]] inline void user_error(const Location& loc, std::string message) {
  throw UserError{loc, std::move(message)};
}

}  // namespace tltt::fe
