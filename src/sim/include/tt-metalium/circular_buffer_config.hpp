// CircularBufferConfig (tt-metalium/circular_buffer_config.hpp): total size, per-index data
// formats and page sizes; several indices of one config share its L1 storage.
#pragma once
#include <cstdint>
#include <map>
#include <optional>

#include "tt-metalium/tt_backend_api_types.hpp"

namespace tt::tt_metal {

class Buffer;
using CBHandle = uintptr_t;

class CircularBufferConfig {
 public:
  explicit CircularBufferConfig(uint32_t total_size) : total_size_(total_size) {}
  CircularBufferConfig(uint32_t total_size, const std::map<uint8_t, tt::DataFormat>& formats)
      : total_size_(total_size), formats_(formats) {}
  CircularBufferConfig(uint32_t total_size, const std::map<uint8_t, tt::DataFormat>& formats,
                       const Buffer& buffer);

  CircularBufferConfig& set_page_size(uint8_t index, uint32_t page_size) {
    page_sizes_[index] = page_size;
    return *this;
  }
  CircularBufferConfig& set_total_size(uint32_t total) {
    total_size_ = total;
    return *this;
  }
  CircularBufferConfig& set_data_format(uint8_t index, tt::DataFormat fmt) {
    formats_[index] = fmt;
    return *this;
  }
  CircularBufferConfig& set_globally_allocated_address(const Buffer& buffer);

  uint32_t total_size() const { return total_size_; }
  const std::map<uint8_t, tt::DataFormat>& data_formats() const { return formats_; }
  const std::map<uint8_t, uint32_t>& page_sizes() const { return page_sizes_; }
  std::optional<uint32_t> globally_allocated_address() const { return global_address_; }

 private:
  uint32_t total_size_ = 0;
  std::map<uint8_t, tt::DataFormat> formats_;
  std::map<uint8_t, uint32_t> page_sizes_;
  std::optional<uint32_t> global_address_;
};

}  // namespace tt::tt_metal
