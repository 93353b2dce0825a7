// The progress line of long simulations (issue #6 item 6): on for a terminal, off for redirected
// stderr and in CI, forced by TTSIM_PROGRESS; its text.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>

#include "sim/core/settings.h"
#include "sim/timing/progress.h"

using ttsim::timing::progress_enabled;
using ttsim::timing::progress_line;

TEST(Progress, OnlyOnATerminalOutsideCi) {
  EXPECT_TRUE(progress_enabled(true, nullptr, nullptr));
  EXPECT_FALSE(progress_enabled(false, nullptr, nullptr));  // stderr redirected to a file/pipe
  EXPECT_FALSE(progress_enabled(true, "1", nullptr));       // CI logs
  EXPECT_FALSE(progress_enabled(true, "true", nullptr));
  EXPECT_TRUE(progress_enabled(true, "", nullptr));  // an empty CI is unset
}

TEST(Progress, TtsimProgressForcesEitherWay) {
  EXPECT_TRUE(progress_enabled(false, "1", "1"));
  EXPECT_TRUE(progress_enabled(false, nullptr, "yes"));
  EXPECT_FALSE(progress_enabled(true, nullptr, "0"));
  EXPECT_TRUE(progress_enabled(true, nullptr, ""));  // empty: not forced
}

TEST(Progress, LineRewritesItselfWithCyclesAndTileOps) {
  EXPECT_EQ(progress_line(123456, 262144, false),
            "\rttsim: simulated 123456 cycles, 262144 tile ops");
  EXPECT_EQ(progress_line(7, 1, true), "\rttsim: simulated 7 cycles, 1 tile ops (timing only)");
}

TEST(Progress, PolicyOfThisProcessFollowsTheEnvironment) {
  // Under ctest (CI=1, stderr not a terminal) this is off.
  EXPECT_EQ(ttsim::Settings::from_env().progress,
            progress_enabled(isatty(2) != 0, std::getenv("CI"), std::getenv("TTSIM_PROGRESS")));
}
