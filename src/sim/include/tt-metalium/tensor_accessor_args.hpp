// Host side of TensorAccessor (tt-metalium/tensor_accessor_args.hpp): appends the compile-time
// args that describe a buffer's layout to a kernel's compile args.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "tt-metalium/buffer.hpp"

namespace tt::tt_metal {

namespace distributed {
class MeshBuffer;
}

class TensorAccessorArgs {
 public:
  TensorAccessorArgs() = default;
  explicit TensorAccessorArgs(const Buffer& buffer);
  explicit TensorAccessorArgs(const Buffer* buffer) : TensorAccessorArgs(*buffer) {}
  explicit TensorAccessorArgs(const std::shared_ptr<Buffer>& buffer)
      : TensorAccessorArgs(*buffer) {}
  explicit TensorAccessorArgs(const distributed::MeshBuffer& buffer);
  explicit TensorAccessorArgs(const std::shared_ptr<distributed::MeshBuffer>& buffer)
      : TensorAccessorArgs(*buffer) {}

  void append_to(std::vector<uint32_t>& compile_time_args) const;
  void append_to(std::vector<uint32_t>& compile_time_args,
                 std::vector<uint32_t>& common_runtime_args) const {
    append_to(compile_time_args);
  }
  std::vector<uint32_t> get_compile_time_args() const { return ct_; }
  std::vector<uint32_t> get_common_runtime_args() const { return {}; }

 private:
  std::vector<uint32_t> ct_;
};

}  // namespace tt::tt_metal
