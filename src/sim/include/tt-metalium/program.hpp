// Program: the kernels, circular buffers, semaphores and runtime args of one launch
// (tt-metalium/program.hpp). Its contents live in the simulator (opaque here).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

namespace tt::tt_metal {

namespace detail {
struct ProgramState;
}

class Program {
 public:
  Program();
  ~Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  detail::ProgramState& state() const { return *state_; }

 private:
  std::unique_ptr<detail::ProgramState> state_;
};

// A view of one core's runtime args that the host may update before the next launch.
struct RuntimeArgsData {
  uint32_t* rt_args_data = nullptr;
  size_t rt_args_count = 0;
  uint32_t& operator[](size_t i) { return rt_args_data[i]; }
  const uint32_t& operator[](size_t i) const { return rt_args_data[i]; }
  uint32_t& at(size_t i);
  size_t size() const { return rt_args_count; }
  uint32_t* data() { return rt_args_data; }
};

}  // namespace tt::tt_metal
