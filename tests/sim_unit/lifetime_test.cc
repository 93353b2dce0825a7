// Object lifetimes across CloseDevice: buffers that outlive their device (the usual shape of a
// host program's main) are safe to query and release, and never free memory of a later device.
#include <gtest/gtest.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

using namespace tt::tt_metal;

TEST(Lifetime, BuffersReleasedAfterCloseDevice) {
  IDevice* dev = CreateDevice(0);
  auto dram = CreateBuffer(InterleavedBufferConfig{dev, 8 * 2048, 2048, BufferType::DRAM});
  auto l1 = CreateBuffer(InterleavedBufferConfig{dev, 4 * 2048, 2048, BufferType::L1});
  DeviceAddr dram_addr = dram->address();
  ASSERT_TRUE(CloseDevice(dev));

  // What the buffer knows about itself stays readable; its memory went with the device.
  EXPECT_EQ(dram->size(), 8u * 2048);
  EXPECT_EQ(dram->page_size(), 2048u);
  EXPECT_EQ(dram->num_pages(), 8u);
  EXPECT_EQ(dram->address(), dram_addr);
  EXPECT_EQ(dram->aligned_page_size(), 2048u);
  EXPECT_GT(dram->num_banks(), 0u);
  EXPECT_TRUE(l1->is_l1());
  EXPECT_THROW(dram->page_ptr(0), SimulatorError);
  DeallocateBuffer(*l1);
  EXPECT_FALSE(l1->is_allocated());
  dram.reset();
  l1.reset();
}

TEST(Lifetime, StaleBufferDoesNotFreeANewDevicesMemory) {
  IDevice* first = CreateDevice(0);
  auto stale = CreateBuffer(InterleavedBufferConfig{first, 2048, 2048, BufferType::DRAM});
  CloseDevice(first);

  IDevice* second = CreateDevice(0);
  auto live = CreateBuffer(InterleavedBufferConfig{second, 2048, 2048, BufferType::DRAM});
  ASSERT_EQ(live->address(), stale->address());  // both allocators start at the same place
  stale.reset();  // must not release `live`'s range in the second device
  auto next = CreateBuffer(InterleavedBufferConfig{second, 2048, 2048, BufferType::DRAM});
  EXPECT_NE(next->address(), live->address());
  CloseDevice(second);
}

TEST(Lifetime, MeshBuffersReleasedAfterMeshClose) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  distributed::DeviceLocalBufferConfig local{.page_size = 2048, .buffer_type = BufferType::DRAM};
  auto buf = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 4 * 2048},
                                             local, mesh.get());
  std::vector<uint32_t> data(4 * 2048 / 4, 7);
  distributed::EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), buf, data, true);
  ASSERT_TRUE(mesh->close());
  mesh.reset();  // the last handle: the device object itself is gone
  EXPECT_EQ(buf->size(), 4u * 2048);
  EXPECT_EQ(buf->page_size(), 2048u);
  EXPECT_THROW(buf->get_device_buffer()->page_ptr(0), SimulatorError);
  buf.reset();
}
