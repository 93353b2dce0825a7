// Buffers: lock-step allocation over DRAM banks or worker L1s, page placement (interleaved:
// page i in bank i % banks at row i / banks; sharded: shard k on bank k % banks), host copies.
#include "tt-metalium/buffer.hpp"

#include <cstring>

#include "sim/core/device.h"
#include "sim/host/settings.h"
#include "tt-metalium/circular_buffer_config.hpp"
#include "tt-metalium/distributed.hpp"
#include "tt-metalium/host_api.hpp"
#include "tt-metalium/tensor_accessor_args.hpp"

namespace tt::tt_metal {

namespace {
uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

struct ShardGeometry {
  uint32_t tensor_h = 0, tensor_w = 0, shard_h = 0, shard_w = 0, grid_w = 0, num_shards = 0;
};

ShardGeometry geometry(const ShardSpecBuffer& s) {
  ShardGeometry g;
  g.tensor_h = s.tensor2d_shape_in_pages[0];
  g.tensor_w = s.tensor2d_shape_in_pages[1];
  auto sp = s.shape_in_pages();
  g.shard_h = sp[0];
  g.shard_w = sp[1];
  if (g.shard_h == 0 || g.shard_w == 0) {
    throw SimulatorError("sharded buffer: shard shape is smaller than one page");
  }
  g.grid_w = (g.tensor_w + g.shard_w - 1) / g.shard_w;
  g.num_shards = ((g.tensor_h + g.shard_h - 1) / g.shard_h) * g.grid_w;
  return g;
}

// Banks (core indices for L1, bank ids for DRAM) of a sharded buffer, in shard order.
std::vector<uint32_t> shard_banks(const Buffer& b) {
  const auto& spec = b.shard_spec()->tensor_shard_spec;
  auto cores =
      corerange_to_cores(spec.grid, std::nullopt, spec.orientation == ShardOrientation::ROW_MAJOR);
  std::vector<uint32_t> out;
  auto& dev = b.sim();
  for (auto& c : cores) {
    if (b.is_dram()) {
      if (c.x >= dev.spec().num_dram_banks()) {
        throw SimulatorError("DRAM shard grid names bank " + std::to_string(c.x) + " of " +
                             std::to_string(dev.spec().num_dram_banks()));
      }
      out.push_back(static_cast<uint32_t>(c.x));
    } else {
      if (c.x >= dev.spec().grid_x() || c.y >= dev.spec().grid_y()) {
        throw SimulatorError("shard grid core " + c.str() + " is outside the worker grid");
      }
      out.push_back(dev.core_index(static_cast<uint32_t>(c.x), static_cast<uint32_t>(c.y)));
    }
  }
  return out;
}
}  // namespace

Buffer::Buffer(IDevice* device, DeviceAddr size, DeviceAddr page_size, BufferType type,
               TensorMemoryLayout layout, std::optional<ShardSpecBuffer> shard,
               std::optional<DeviceAddr> address)
    : device_(device),
      size_(size),
      page_size_(page_size),
      type_(type),
      layout_(layout),
      shard_(std::move(shard)) {
  if (!device_) {
    throw SimulatorError("CreateBuffer: no device");
  }
  if (page_size_ == 0 || size_ % page_size_ != 0) {
    throw SimulatorError("CreateBuffer: size " + std::to_string(size_) +
                         " is not a multiple of the page size " + std::to_string(page_size_));
  }
  if (type_ != BufferType::DRAM && !is_l1()) {
    throw SimulatorError("CreateBuffer: only DRAM and L1 buffers are simulated");
  }
  if (is_sharded() && !shard_) {
    throw SimulatorError("CreateBuffer: a sharded layout needs shard parameters");
  }
  auto& dev = device_->sim();
  sim_ = device_->sim_handle();
  chip_ = device_->chip();
  alignment_ = is_dram() ? dev.spec().desc->dram_alignment : dev.spec().desc->l1_alignment;
  num_banks_ = is_sharded() ? static_cast<uint32_t>(shard_banks(*this).size())
               : is_dram()  ? dev.spec().num_dram_banks()
                            : dev.spec().num_workers();
  uint64_t aligned = aligned_page_size();
  uint64_t per_bank;
  if (is_sharded()) {
    ShardGeometry g = geometry(*shard_);
    per_bank =
        uint64_t((g.num_shards + num_banks_ - 1) / num_banks_) * g.shard_h * g.shard_w * aligned;
  } else {
    per_bank = uint64_t((num_pages() + num_banks_ - 1) / num_banks_) * aligned;
  }
  if (address) {
    address_ = *address;
    owns_ = false;
  } else if (is_dram()) {
    address_ = dev.alloc_dram(per_bank);
  } else {
    address_ =
        per_bank > dev.spec().desc->l1_size ? 0 : dev.alloc_l1(static_cast<uint32_t>(per_bank));
  }
  if (address_ == 0) {
    throw SimulatorError(std::string("out of ") + (is_dram() ? "DRAM" : "L1") +
                         ": cannot allocate " + std::to_string(per_bank) +
                         " bytes per bank for a buffer of " + std::to_string(size_) + " bytes");
  }
  allocated_ = true;
  if (owns_ && ttsim::settings().seed != 0) {
    uint64_t x = ttsim::settings().seed ^ address_;
    for (uint32_t p = 0; p < num_pages(); ++p) {
      uint8_t* ptr = page_ptr(p);
      for (uint64_t i = 0; i < page_size_; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        ptr[i] = static_cast<uint8_t>(x);
      }
    }
  }
}

Buffer::~Buffer() { deallocate(); }

void Buffer::deallocate() {
  if (!allocated_) {
    return;
  }
  allocated_ = false;
  auto dev = sim_.lock();
  if (!owns_ || !dev) {
    return;  // a closed device took its memory with it
  }
  if (is_dram()) {
    dev->free_dram(address_);
  } else {
    dev->free_l1(static_cast<uint32_t>(address_));
  }
}

ttsim::Device& Buffer::sim() const {
  auto dev = sim_.lock();
  if (!dev) {
    throw SimulatorError("a buffer of " + std::to_string(size_) +
                         " bytes is used after its device was closed");
  }
  return *dev;  // the IDevice that owns it outlives this call
}

std::shared_ptr<Buffer> Buffer::create(IDevice* device, DeviceAddr size, DeviceAddr page_size,
                                       BufferType type, TensorMemoryLayout layout,
                                       std::optional<ShardSpecBuffer> shard) {
  return std::make_shared<Buffer>(device, size, page_size, type, layout, std::move(shard));
}

uint32_t Buffer::num_pages() const { return static_cast<uint32_t>(size_ / page_size_); }

DeviceAddr Buffer::aligned_page_size() const { return align_up(page_size_, alignment()); }

uint8_t* Buffer::page_ptr(uint32_t page) const {
  auto& dev = sim();
  uint64_t aligned = aligned_page_size();
  uint32_t bank;
  uint64_t off;
  if (is_sharded()) {
    ShardGeometry g = geometry(*shard_);
    auto banks = shard_banks(*this);
    uint32_t pr = page / g.tensor_w, pc = page % g.tensor_w;
    uint32_t shard = (pr / g.shard_h) * g.grid_w + pc / g.shard_w;
    uint32_t local = (pr % g.shard_h) * g.shard_w + pc % g.shard_w;
    bank = banks[shard % banks.size()];
    uint32_t slot = shard / static_cast<uint32_t>(banks.size());
    off = address_ + (uint64_t(slot) * g.shard_h * g.shard_w + local) * aligned;
  } else {
    uint32_t nb = num_banks();
    bank = page % nb;
    off = address_ + uint64_t(page / nb) * aligned;
  }
  return is_dram() ? dev.dram(chip_ * dev.banks_per_chip() + bank) + off
                   : dev.l1(dev.core_base(chip_) + bank) + off;
}

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& c) {
  return std::make_shared<Buffer>(c.device, c.size, c.page_size, c.buffer_type,
                                  TensorMemoryLayout::INTERLEAVED, std::nullopt);
}

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& c, DeviceAddr address) {
  return std::make_shared<Buffer>(c.device, c.size, c.page_size, c.buffer_type,
                                  TensorMemoryLayout::INTERLEAVED, std::nullopt, address);
}

std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig& c) {
  return std::make_shared<Buffer>(c.device, c.size, c.page_size, c.buffer_type, c.buffer_layout,
                                  c.shard_parameters);
}

void DeallocateBuffer(Buffer& buffer) { buffer.deallocate(); }

// ---- host copies
// ----------------------------------------------------------------------------------

static void copy_pages(Buffer& b, const uint8_t* src, uint8_t* dst, size_t bytes) {
  if (!b.is_allocated()) {
    throw SimulatorError("buffer access after deallocation");
  }
  size_t total = std::min<size_t>(bytes, b.size());
  for (uint32_t p = 0; p < b.num_pages(); ++p) {
    size_t start = size_t(p) * b.page_size();
    if (start >= total) {
      break;
    }
    size_t n = std::min<size_t>(b.page_size(), total - start);
    if (src) {
      std::memcpy(b.page_ptr(p), src + start, n);
    } else {
      std::memcpy(dst + start, b.page_ptr(p), n);
    }
  }
}

void EnqueueWriteBuffer(CommandQueue&, Buffer& buffer, const void* src, bool) {
  copy_pages(buffer, static_cast<const uint8_t*>(src), nullptr, buffer.size());
}

void EnqueueReadBuffer(CommandQueue&, Buffer& buffer, void* dst, bool) {
  copy_pages(buffer, nullptr, static_cast<uint8_t*>(dst), buffer.size());
}

namespace detail {
void WriteToBuffer(Buffer& buffer, const std::vector<uint32_t>& host) {
  copy_pages(buffer, reinterpret_cast<const uint8_t*>(host.data()), nullptr, host.size() * 4);
}
void ReadFromBuffer(Buffer& buffer, std::vector<uint32_t>& host) {
  host.resize((buffer.size() + 3) / 4);
  copy_pages(buffer, nullptr, reinterpret_cast<uint8_t*>(host.data()), buffer.size());
}
bool WriteToDeviceL1(IDevice* device, const CoreCoord& c, uint32_t address,
                     const std::vector<uint32_t>& host) {
  auto& dev = device->sim();
  if (uint64_t(address) + host.size() * 4 > dev.spec().desc->l1_size) {
    return false;
  }
  std::memcpy(dev.l1(dev.core_base(device->chip()) + dev.core_index(c.x, c.y)) + address,
              host.data(), host.size() * 4);
  return true;
}
bool ReadFromDeviceL1(IDevice* device, const CoreCoord& c, uint32_t address, uint32_t size,
                      std::vector<uint32_t>& host) {
  auto& dev = device->sim();
  if (uint64_t(address) + size > dev.spec().desc->l1_size) {
    return false;
  }
  host.resize((size + 3) / 4);
  std::memcpy(host.data(),
              dev.l1(dev.core_base(device->chip()) + dev.core_index(c.x, c.y)) + address, size);
  return true;
}
}  // namespace detail

namespace distributed {

namespace {

// One buffer per device of the mesh at one address (the mesh allocator is lock-step): device 0
// allocates, the others are placed at its address.
std::vector<std::shared_ptr<Buffer>> per_device(MeshDevice* mesh, DeviceAddr size,
                                                const DeviceLocalBufferConfig& local,
                                                std::optional<DeviceAddr> address) {
  if (!mesh) {
    throw SimulatorError("MeshBuffer::create: no mesh device");
  }
  std::vector<std::shared_ptr<Buffer>> out;
  for (IDevice* d : mesh->get_devices()) {
    out.push_back(std::make_shared<Buffer>(d, size, local.page_size, local.buffer_type,
                                           local.layout(), local.shard(),
                                           out.empty() ? address : out[0]->address()));
  }
  return out;
}

}  // namespace

std::shared_ptr<MeshBuffer> MeshBuffer::create(const ReplicatedBufferConfig& config,
                                               const DeviceLocalBufferConfig& local,
                                               MeshDevice* device,
                                               std::optional<DeviceAddr> address) {
  auto buffers = per_device(device, config.size, local, address);
  return std::make_shared<MeshBuffer>(std::move(buffers), device, local, std::nullopt);
}

std::shared_ptr<MeshBuffer> MeshBuffer::create(const ShardedBufferConfig& config,
                                               const DeviceLocalBufferConfig& local,
                                               MeshDevice* device,
                                               std::optional<DeviceAddr> address) {
  const Shape2D& g = config.global_buffer_shape;
  const Shape2D& sh = config.shard_shape;
  size_t elems = g.height() * g.width();
  if (elems == 0 || sh.height() == 0 || sh.width() == 0 || config.global_size % elems != 0 ||
      g.height() % sh.height() != 0 || g.width() % sh.width() != 0) {
    throw SimulatorError("MeshBuffer::create: the global shape " + std::to_string(g.height()) +
                         "x" + std::to_string(g.width()) + " must be a whole number of " +
                         std::to_string(sh.height()) + "x" + std::to_string(sh.width()) +
                         " shards and divide the global size " +
                         std::to_string(config.global_size));
  }
  size_t shards = (g.height() / sh.height()) * (g.width() / sh.width());
  if (device && shards != device->num_devices()) {
    throw SimulatorError("MeshBuffer::create: " + std::to_string(shards) +
                         " shards for a mesh of " + std::to_string(device->num_devices()) +
                         " devices (each device holds one shard)");
  }
  DeviceAddr elem = config.global_size / elems;
  DeviceAddr local_size = sh.height() * sh.width() * elem;
  auto buffers = per_device(device, local_size, local, address);
  return std::make_shared<MeshBuffer>(std::move(buffers), device, local, config);
}

MeshBuffer::MeshBuffer(std::vector<std::shared_ptr<Buffer>> buffers, MeshDevice* device,
                       DeviceLocalBufferConfig local, std::optional<ShardedBufferConfig> sharded)
    : buffers_(std::move(buffers)),
      device_(device),
      mesh_shape_(device->shape()),
      local_(std::move(local)),
      sharded_(std::move(sharded)) {}

DeviceAddr MeshBuffer::size() const {
  return sharded_ ? sharded_->global_size : buffers_[0]->size();
}

Buffer* MeshBuffer::get_device_buffer(const MeshCoordinate& coord) const {
  return buffers_.at(MeshDevice::chip_index(mesh_shape_, coord)).get();
}

// Shard i (row-major over the shard grid, or column-major for COL_MAJOR orientation) lives on
// device i of the mesh (row-major), as a row-major shard_h x shard_w block.
void MeshBuffer::copy_shards(const uint8_t* src, uint8_t* dst, size_t bytes) const {
  const ShardedBufferConfig& c = *sharded_;
  size_t gw = c.global_buffer_shape.width(), sh = c.shard_shape.height(),
         sw = c.shard_shape.width();
  size_t elem = c.global_size / (c.global_buffer_shape.height() * gw);
  size_t grid_h = c.global_buffer_shape.height() / sh, grid_w = gw / sw;
  std::vector<uint8_t> local(sh * sw * elem);
  for (size_t i = 0; i < buffers_.size(); ++i) {
    bool col_major = c.shard_orientation == ShardOrientation::COL_MAJOR;
    size_t gr = col_major ? i % grid_h : i / grid_w, gc = col_major ? i / grid_h : i % grid_w;
    Buffer& b = *buffers_[i];
    if (dst) {
      copy_pages(b, nullptr, local.data(), local.size());
    }
    for (size_t r = 0; r < sh; ++r) {
      size_t global = ((gr * sh + r) * gw + gc * sw) * elem;
      if (global >= bytes) {
        continue;
      }
      size_t n = std::min(sw * elem, bytes - global);
      if (src) {
        std::memcpy(local.data() + r * sw * elem, src + global, n);
      } else {
        std::memcpy(dst + global, local.data() + r * sw * elem, n);
      }
    }
    if (src) {
      copy_pages(b, local.data(), nullptr, local.size());
    }
  }
}

void WriteMeshBufferBytes(MeshCommandQueue&, MeshBuffer& buffer, const void* src, size_t bytes) {
  const uint8_t* s = static_cast<const uint8_t*>(src);
  if (buffer.is_sharded()) {
    buffer.copy_shards(s, nullptr, bytes);
    return;
  }
  // Replicated: every device receives the data. A source shorter than the buffer writes its
  // bytes and leaves the rest (official examples write one value into a one-page buffer).
  for (const auto& b : buffer.device_buffers()) {
    copy_pages(*b, s, nullptr, std::min<size_t>(bytes, b->size()));
  }
}

void ReadMeshBufferBytes(MeshCommandQueue&, MeshBuffer& buffer, void* dst, size_t bytes) {
  uint8_t* d = static_cast<uint8_t*>(dst);
  if (buffer.is_sharded()) {
    buffer.copy_shards(nullptr, d, bytes);
    return;
  }
  copy_pages(*buffer.get_device_buffer(), nullptr, d, bytes);  // device (0, 0)'s copy
}

void WriteShardBytes(MeshCommandQueue&, MeshBuffer& buffer, const void* src, size_t bytes,
                     const MeshCoordinate& coord) {
  Buffer& b = *buffer.get_device_buffer(coord);
  copy_pages(b, static_cast<const uint8_t*>(src), nullptr, std::min<size_t>(bytes, b.size()));
}

void ReadShardBytes(MeshCommandQueue&, MeshBuffer& buffer, void* dst, size_t bytes,
                    const MeshCoordinate& coord) {
  copy_pages(*buffer.get_device_buffer(coord), nullptr, static_cast<uint8_t*>(dst), bytes);
}

}  // namespace distributed

// ---- CircularBufferConfig with a global address
// ---------------------------------------------------

CircularBufferConfig::CircularBufferConfig(uint32_t total_size,
                                           const std::map<uint8_t, tt::DataFormat>& formats,
                                           const Buffer& buffer)
    : total_size_(total_size), formats_(formats) {
  set_globally_allocated_address(buffer);
}

CircularBufferConfig& CircularBufferConfig::set_globally_allocated_address(const Buffer& buffer) {
  if (!buffer.is_l1()) {
    throw SimulatorError("CircularBufferConfig: a globally allocated CB must alias an L1 buffer");
  }
  global_address_ = static_cast<uint32_t>(buffer.address());
  return *this;
}

// ---- TensorAccessorArgs
// ---------------------------------------------------------------------------

TensorAccessorArgs::TensorAccessorArgs(const Buffer& b) {
  uint32_t config = (b.is_sharded() ? 1u : 0u) | (b.is_dram() ? 2u : 0u);
  ct_.push_back(config);
  ct_.push_back(static_cast<uint32_t>(b.aligned_page_size()));
  if (!b.is_sharded()) {
    return;
  }
  const auto& s = *b.shard_spec();
  auto sp = s.shape_in_pages();
  auto banks = shard_banks(b);
  ct_.push_back(2);  // rank
  ct_.push_back(static_cast<uint32_t>(banks.size()));
  ct_.push_back(s.tensor2d_shape_in_pages[0]);
  ct_.push_back(s.tensor2d_shape_in_pages[1]);
  ct_.push_back(sp[0]);
  ct_.push_back(sp[1]);
  auto& dev = b.sim();
  for (size_t i = 0; i < banks.size(); i += 2) {
    auto code = [&](uint32_t bank) -> uint32_t {
      if (b.is_dram()) {
        return bank;  // DRAM shards name the bank (views need an offset)
      }
      ttsim::XY p = dev.physical_of(bank);
      return (p.x << 8) | p.y;
    };
    uint32_t w = code(banks[i]);
    if (i + 1 < banks.size()) {
      w |= code(banks[i + 1]) << 16;
    }
    ct_.push_back(w);
  }
}

TensorAccessorArgs::TensorAccessorArgs(const distributed::MeshBuffer& b)
    : TensorAccessorArgs(*b.get_device_buffer()) {}

void TensorAccessorArgs::append_to(std::vector<uint32_t>& ct) const {
  ct.insert(ct.end(), ct_.begin(), ct_.end());
}

}  // namespace tt::tt_metal
