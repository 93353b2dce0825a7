// The device plan as a contract: after the whole pipeline it describes the three kernels,
// every CB a kernel allocates and the runtime arguments by kind; it survives a round trip
// through tt.plan.json unchanged, and structural equality of modules compares it.
#include <gtest/gtest.h>

#include "ir/equality.h"
#include "ir/printer.h"
#include "kernels.h"
#include "passes/pass_manager.h"

namespace tltt::testing {
namespace {

ir::Module lower(const ir::Module& m, std::vector<std::string> layouts = {},
                 std::optional<ir::MeshPlan> mesh = std::nullopt) {
  DiagnosticEngine diag;
  passes::PassContext ctx;
  ctx.diag = &diag;
  ctx.cli_layouts = std::move(layouts);
  ctx.mesh = std::move(mesh);
  auto out = passes::run_pipeline(m, ctx, {});
  EXPECT_TRUE(out) << "pipeline failed";
  return out ? *out : ir::Module();
}

TEST(DevicePlan, DescribesTheLoweredGemm) {
  ir::Module m = lower(make_gemm(GemmConfig{}));
  const ir::DevicePlan& plan = m.plan;
  ASSERT_EQ(plan.kernels.size(), 3u);
  const ir::KernelPlan* reader = plan.find_kernel(ir::KernelRole::kReader);
  ASSERT_TRUE(reader && m.find(reader->function));
  const ir::KernelPlan* writer = plan.find_kernel(ir::KernelRole::kWriter);
  ASSERT_TRUE(writer && m.find(writer->function));
  using K = ir::RuntimeArgKind;
  // Operand-multicast (D8) multicasts A along core rows and B along columns, and, with one block
  // per core, operand-movers (D9) moves A's reads and multicast to the writer: each kernel has
  // its operand's address, the block range, then that operand's ten multicast arguments.
  std::vector<ir::RuntimeArg> reader_want = {
      {K::kTensorAddress, "B"}, {K::kBlockStart, ""}, {K::kBlockCount, ""}};
  ASSERT_EQ(reader->runtime_args.size(), reader_want.size() + 10);
  EXPECT_EQ(std::vector<ir::RuntimeArg>(reader->runtime_args.begin(),
                                        reader->runtime_args.begin() + reader_want.size()),
            reader_want);
  std::vector<ir::RuntimeArg> writer_want = {{K::kTensorAddress, "A"},
                                             {K::kTensorAddress, "C"},
                                             {K::kBlockStart, ""},
                                             {K::kBlockCount, ""}};
  ASSERT_EQ(writer->runtime_args.size(), writer_want.size() + 10);
  EXPECT_EQ(std::vector<ir::RuntimeArg>(writer->runtime_args.begin(),
                                        writer->runtime_args.begin() + writer_want.size()),
            writer_want);
  EXPECT_EQ(plan.multicast.size(), 2u);
  EXPECT_EQ(reader->accessors, (std::vector<std::string>{"B"}));
  EXPECT_EQ(writer->accessors, (std::vector<std::string>{"C", "A"}));
  ASSERT_TRUE(plan.partition && plan.compute);
  EXPECT_EQ(plan.partition->mode, ir::PartitionMode::kGlobal);
  const ir::TensorPlan* c = plan.find_tensor("C");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->is_output());
  EXPECT_FALSE(plan.find_tensor("A")->is_output());
  for (const ir::CbPlan& cb : plan.cbs) {
    EXPECT_FALSE(cb.producers.empty()) << cb.name;
    EXPECT_FALSE(cb.consumers.empty()) << cb.name;
  }
}

// On a 2x4 mesh the 4x4 block grid of the GEMM is split 4 ways along `by` (M) and 2 along `bx`
// (N): A is cut by rows, B by columns, C both; the plan describes one device's chunks and each
// device's chunk index follows from its number.
TEST(DevicePlan, SplitsTheGemmOverAMesh) {
  ir::Module m = lower(make_gemm(GemmConfig{}), {}, ir::MeshPlan{2, 4, {}});
  const ir::DevicePlan& plan = m.plan;
  ASSERT_TRUE(plan.mesh);
  EXPECT_EQ(plan.mesh->block_split, (std::vector<int64_t>{2, 4}));
  const ir::TensorPlan* a = plan.find_tensor("A");
  const ir::TensorPlan* b = plan.find_tensor("B");
  const ir::TensorPlan* c = plan.find_tensor("C");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->shape, (std::vector<int64_t>{64, 256}));
  EXPECT_EQ(a->mesh_dims, (std::vector<int64_t>{1, -1}));
  EXPECT_EQ(b->mesh_dims, (std::vector<int64_t>{-1, 0}));
  EXPECT_EQ(c->shape, (std::vector<int64_t>{64, 128}));
  EXPECT_EQ(plan.global_shape(*c), (std::vector<int64_t>{256, 256}));
  EXPECT_EQ(plan.chunk_of(*c, 5), (std::vector<int64_t>{2, 1}));  // device (1, 1)
  EXPECT_EQ(plan.chunk_of(*a, 5), (std::vector<int64_t>{2, 0}));
  ASSERT_TRUE(plan.partition);
  EXPECT_EQ(plan.partition->block_grid, (std::vector<int64_t>{2, 1}));
  std::string error;
  std::optional<ir::DevicePlan> back = ir::from_json(ir::to_json(plan), &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(*back, plan);
}

// The GEMM's block grid does not split evenly over a 1x3 mesh: it is split by block offsets,
// every tensor whole on every device, each device a contiguous range of the grid's block ids (the
// counts differing by at most one), the partition over the largest count, no operand multicast,
// and C's elements assigned to blocks by its row (`by`) and column (`bx`) blocks.
TEST(DevicePlan, SplitsTheGemmByBlockOffsets) {
  ir::Module m = lower(make_gemm(GemmConfig{}), {}, ir::MeshPlan{1, 3, {}});
  const ir::DevicePlan& plan = m.plan;
  ASSERT_TRUE(plan.mesh && plan.partition);
  ASSERT_TRUE(plan.mesh->by_offsets());
  EXPECT_EQ(plan.mesh->block_split, (std::vector<int64_t>{1, 1}));
  int64_t blocks = 1;
  for (int64_t e : plan.partition->block_grid) {
    blocks *= e;
  }
  ASSERT_EQ(plan.mesh->block_counts.size(), 3u);
  const int64_t most = (blocks + 2) / 3;
  int64_t at = 0, covered = 0;
  for (size_t d = 0; d < 3; ++d) {
    EXPECT_EQ(plan.mesh->block_offsets[d], at);
    EXPECT_TRUE(plan.mesh->block_counts[d] == most || plan.mesh->block_counts[d] == most - 1);
    at += plan.mesh->block_counts[d];
  }
  EXPECT_EQ(at, blocks);
  for (const ir::CoreWork& w : plan.partition->work) {
    covered += w.count;
  }
  EXPECT_EQ(covered, most);
  EXPECT_TRUE(plan.multicast.empty());
  const ir::TensorPlan* a = plan.find_tensor("A");
  const ir::TensorPlan* c = plan.find_tensor("C");
  ASSERT_TRUE(a && c);
  EXPECT_TRUE(a->mesh_dims.empty() && a->mesh_block_dims.empty());
  EXPECT_EQ(c->shape, (std::vector<int64_t>{256, 256}));
  EXPECT_EQ(c->mesh_block_dims, (std::vector<int64_t>{1, 0}));
  std::string error;
  std::optional<ir::DevicePlan> back = ir::from_json(ir::to_json(plan), &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(*back, plan);
}

TEST(DevicePlan, RoundTripsThroughJson) {
  EltwiseConfig e;
  e.m = 256;
  e.n = 128;
  for (const ir::Module& m :
       {lower(make_gemm(GemmConfig{})),
        lower(make_eltwise(e), {"A=memory=L1,layout=sharded,axes=0x1,grid=8x1"})}) {
    std::string error;
    std::optional<ir::DevicePlan> back = ir::from_json(ir::to_json(m.plan), &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(*back, m.plan) << ir::to_json(m.plan);
  }
}

// Block-float tensors (a layout's `format`): the plan records the tile format with the
// block-float page size, the CBs the reader fills from them hold that format, and the plan
// round-trips through tt.plan.json with them.
TEST(DevicePlan, StoresBlockFloatTensors) {
  ir::Module m = lower(make_gemm(GemmConfig{}), {"A=format=bfp8_b", "B=format=bfloat4_b"});
  const ir::TensorPlan* a = m.plan.find_tensor("A");
  const ir::TensorPlan* b = m.plan.find_tensor("B");
  const ir::TensorPlan* c = m.plan.find_tensor("C");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->tile_format, ir::TileFormat::kBfp8b);
  EXPECT_EQ(a->page_size, 1088);
  EXPECT_EQ(b->tile_format, ir::TileFormat::kBfp4b);
  EXPECT_EQ(b->page_size, 576);
  EXPECT_EQ(c->tile_format, ir::TileFormat::kPlain);
  EXPECT_EQ(c->page_size, 2048);
  bool bfp8 = false, bfp4 = false;
  for (const ir::CbPlan& cb : m.plan.cbs) {
    bfp8 |= cb.format == "Bfp8_b" && cb.page_size == 1088;
    bfp4 |= cb.format == "Bfp4_b" && cb.page_size == 576;
  }
  EXPECT_TRUE(bfp8 && bfp4) << m.plan.str();
  EXPECT_NE(m.plan.str().find("page 1088, tiles bfp8_b"), std::string::npos) << m.plan.str();
  std::string error;
  std::optional<ir::DevicePlan> back = ir::from_json(ir::to_json(m.plan), &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(*back, m.plan);
}

// The driver's additions round-trip too: a T.dynamic size sharding a tensor (DynamicShard) and
// the copies between the storages of a tensor several launches store differently (Reshard).
TEST(DevicePlan, RoundTripsDynamicShardsAndReshards) {
  EltwiseConfig e;
  e.m = 256;
  e.n = 128;
  ir::DevicePlan plan = lower(make_eltwise(e), {"A=memory=L1,layout=sharded,axes=0,grid=4"}).plan;
  plan.dynamic = {{"m", {{1, 32}}, {{"A", 0, 32}}, {{"A", 0, 4, 128}}}};
  plan.reshards = {{"A", 1, 0, 1}, {"A", 2, 1, 0, ir::MeshCollective::kAllGather}};
  std::string error;
  std::optional<ir::DevicePlan> back = ir::from_json(ir::to_json(plan), &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(*back, plan) << ir::to_json(plan);
  EXPECT_NE(plan.str().find("dynamic shard A dim 0: m / 4 (a multiple of 128)"), std::string::npos)
      << plan.str();
  EXPECT_NE(plan.str().find("reshard A before program 1: storage 0 -> 1 (copy)"),
            std::string::npos);
  EXPECT_NE(plan.str().find("reshard A before program 2: storage 1 -> 0 (all_gather)"),
            std::string::npos);
}

TEST(DevicePlan, IsPrintedOnceAndComparedStructurally) {
  ir::Module m = lower(make_gemm(GemmConfig{}));
  std::string text = ir::print(m);
  EXPECT_EQ(text.rfind("plan {\n", 0), 0u);
  EXPECT_EQ(text.find("plan {", 1), std::string::npos);
  ir::Module other = m;
  EXPECT_TRUE(ir::structural_equal(m, other));
  other.plan.compute->math_fidelity = "LoFi";
  std::string why;
  EXPECT_FALSE(ir::structural_equal(m, other, &why));
  EXPECT_EQ(why, "device plans differ");
}

}  // namespace
}  // namespace tltt::testing
