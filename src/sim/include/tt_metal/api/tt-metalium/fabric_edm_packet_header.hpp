// The fabric packet header under the path kernels in TT-Metalium's tree include.
#pragma once
#include "tt-metalium/fabric_edm_packet_header.hpp"
