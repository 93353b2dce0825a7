// Which tile formats are block-float (shared exponents stored ahead of the datums, expanded by
// the unpacker): the timing model prices a matmul's unpack of them at their own rate.
#pragma once
#include "tt-metalium/tt_backend_api_types.hpp"

namespace ttsim::num {

constexpr bool is_block_float(tt::DataFormat fmt) {
  switch (fmt) {
    case tt::DataFormat::Bfp8:
    case tt::DataFormat::Bfp8_b:
    case tt::DataFormat::Bfp4:
    case tt::DataFormat::Bfp4_b:
    case tt::DataFormat::Bfp2:
    case tt::DataFormat::Bfp2_b:
      return true;
    default:
      return false;
  }
}

}  // namespace ttsim::num
