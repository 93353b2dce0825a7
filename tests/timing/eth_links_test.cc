// Fabric link and router timing (src/sim/timing/eth_links.cc) on Wormhole's constants: framing
// sets the wire time, one router serves both directions of its link, and a worker's connection
// holds at most the sender channel's slots in flight.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "sim/timing/cost_params.h"
#include "sim/timing/eth_links.h"

using namespace ttsim;

namespace {

const CostParams& wh() { return cost_params(Arch::WormholeB0); }

EthPacket write_packet(uint32_t bytes, uint32_t core = 0) {
  EthPacket p;
  p.bytes = bytes;
  p.connection = {core, 1, 0};
  return p;
}

}  // namespace

TEST(EthLinks, OnePacketPaysSendWireLinkAndReceive) {
  EthLinkState s;
  uint64_t accepted = 99;
  auto done = s.send(wh(), {{0, 1, 0}}, write_packet(6144), 0, &accepted);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(accepted, 0u);
  // 1 GHz: send 80, wire ceil((6144 + 48 + 5 frames x 50) / 12.5) = 516, link 711 - 80 - 255 =
  // 376, receive 255.
  EXPECT_EQ(done[0], 80u + 516u + 376u + 255u);
}

TEST(EthLinks, OneRouterServesBothDirectionsOfItsLink) {
  auto last = [](bool both) {
    EthLinkState s;
    uint64_t end = 0;
    for (int i = 0; i < 200; ++i) {
      end = std::max(end, s.send(wh(), {{0, 1, 0}}, write_packet(2048, 0), 0, nullptr)[0]);
      if (both) {
        EthPacket back = write_packet(2048, 1);
        back.connection = {1, 0, 0};
        end = std::max(end, s.send(wh(), {{1, 0, 0}}, back, 0, nullptr)[0]);
      }
    }
    return end;
  };
  // One way, 2048 B packets are router-bound at 255 ns each; both ways each router also sends
  // (80 ns a packet), so a direction takes longer for the same packets.
  uint64_t one = last(false), two = last(true);
  EXPECT_GT(one, 200u * 255u);
  EXPECT_GT(two, one + 200u * 60u);
}

TEST(EthLinks, ConnectionHoldsAtMostTheSenderSlots) {
  EthLinkState s;
  std::vector<uint64_t> accepted(9), done;
  for (int i = 0; i < 9; ++i) {
    done.push_back(s.send(wh(), {{0, 1, 0}}, write_packet(16), 0, &accepted[i])[0]);
  }
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(accepted[i], 0u) << i;
  }
  // The ninth waits for the first packet's completion credit to cross back (376 ns).
  EXPECT_EQ(accepted[8], done[0] + 376u);
}
