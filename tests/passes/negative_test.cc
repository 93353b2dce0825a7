// Error paths: every pass has at least one case where it must reject its input with a located
// diagnostic (user errors) or an internal error (malformed input that earlier passes never
// produce). One behaviour per TEST.
#include <gtest/gtest.h>

#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/visitor.h"
#include "kernels.h"
#include "passes/pass_manager.h"
#include "passes/pass_util.h"
#include "support/assert.h"

namespace tltt::testing {
namespace {

using namespace ir;

struct Result {
  std::vector<Diagnostic> diags;
  bool ok = false;
  std::string failed_pass;
};

Result run(const Module& m, const std::string& device = "wormhole_b0",
           std::vector<std::string> layouts = {}) {
  Result r;
  DiagnosticEngine diag;
  diag.set_handler([&](const Diagnostic& d) { r.diags.push_back(d); });
  passes::PassContext ctx;
  ctx.diag = &diag;
  ctx.device = *passes::DeviceModel::by_name(device);
  ctx.cli_layouts = std::move(layouts);
  Module cur = m;
  for (const auto& p : passes::pass_registry()) {
    auto next = passes::run_pass(p, cur, ctx);
    if (!next) {
      r.failed_pass = p.name;
      return r;
    }
    cur = *next;
  }
  r.ok = true;
  return r;
}

// Asserts exactly the pass `pass` failed with an error containing `text` at source line `line`.
void expect_error(const Result& r, const std::string& pass, const std::string& text,
                  uint32_t line) {
  ASSERT_FALSE(r.ok) << "expected an error from " << pass;
  EXPECT_EQ(r.failed_pass, pass);
  ASSERT_FALSE(r.diags.empty());
  const Diagnostic& d = r.diags.front();
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_NE(d.message.find(text), std::string::npos) << "message: " << d.message;
  EXPECT_EQ(d.loc.line, line) << "message: " << d.message;
}

// Adds `T.annotate_layout({A: T.TTLayout(**kw)})` at line 20 in front of the kernel launch.
Module annotate_a(Module m, Attrs kw) {
  PrimFunc& f = m.functions[0];
  Expr layout = Call::make(DataType::handle(), "T.TTLayout", {}, kw, fake_loc(20));
  Stmt ann = AnnotateLayout::make({f.params[0].buffer}, {layout}, fake_loc(20));
  f.body = SeqStmt::make({ann, f.body});
  return m;
}

// ---- A1 infer-layout
// A tensor of 100 rows is padded on the device (B1), but blocks of 50 rows starting at by * 50
// are not whole tiles (and cannot be padded: their regions do not end at the tensor's end).
// Rows of a block smaller than a tile are padded (B1); columns are not.
TEST(LowerToSfpuErrors, RejectsBlocksThatAreNotWholeTiles) {
  EltwiseConfig e;
  e.n = 100;
  e.bn = 50;
  expect_error(run(make_eltwise(e)), "lower-to-sfpu", "blocks smaller than a 32x32 tile", 12);
}

// Halos are exchanged between shards: on an interleaved tensor a halo is an error.
TEST(InferLayoutErrors, RejectsHaloOnATensorThatIsNotSharded) {
  Module m = annotate_a(make_gemm({}), Attrs().with("memory", "L1").with("halo", 1));
  expect_error(run(m), "infer-layout", "a halo is given for A, which is not sharded", 20);
}

// A core's halo comes from its adjacent shards only, so it cannot be wider than a shard.
TEST(InferLayoutErrors, RejectsHaloWiderThanAShard) {
  Attrs shard;
  shard.set("axes", std::vector<int64_t>{0});
  shard.set("grid", std::vector<int64_t>{2});
  shard.set("halo", std::vector<int64_t>{4096});
  Module m = annotate_a(
      make_gemm({}),
      Attrs().with("memory", "L1").with("layout", "sharded").with("nd_shard", AttrValue(shard)));
  expect_error(run(m), "infer-layout",
               "the halo of A on axis 0 (4096 elements) is wider than its shards", 20);
}

TEST(InferLayoutErrors, RejectsL1ShardedWithoutShardSpec) {
  Module m = annotate_a(make_gemm({}), Attrs().with("memory", "L1").with("layout", "sharded"));
  expect_error(run(m), "infer-layout", "L1 sharded buffer A requires nd_shard specification", 20);
}

TEST(InferLayoutErrors, RejectsInvalidMemoryType) {
  Module m = annotate_a(make_gemm({}), Attrs().with("memory", "HBM"));
  expect_error(run(m), "infer-layout", "Invalid memory type for A: HBM", 20);
}

TEST(InferLayoutErrors, RejectsMisalignedShards) {
  Attrs shard;
  shard.set("axes", std::vector<int64_t>{0, 1});
  shard.set("grid", std::vector<int64_t>{2, 2});
  shard.set("shard_shape_elems", std::vector<int64_t>{100, 128});
  Module m = annotate_a(
      make_gemm({}),
      Attrs().with("memory", "L1").with("layout", "sharded").with("nd_shard", AttrValue(shard)));
  expect_error(run(m), "infer-layout", "L1 sharded buffer A must be tile-aligned", 20);
}

TEST(InferLayoutErrors, RejectsShardSpecMissingGrid) {
  Attrs shard;
  shard.set("axes", std::vector<int64_t>{0});
  Module m = annotate_a(
      make_gemm({}),
      Attrs().with("memory", "L1").with("layout", "sharded").with("nd_shard", AttrValue(shard)));
  expect_error(run(m), "infer-layout", "ND shard missing required field: grid", 20);
}

TEST(InferLayoutErrors, RejectsCommandLineLayoutForUnknownTensor) {
  Result r = run(make_gemm({}), "wormhole_b0", {"Z=memory=L1"});
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failed_pass, "infer-layout");
  EXPECT_NE(r.diags[0].message.find("does not name a tensor"), std::string::npos);
}

TEST(InferLayoutErrors, RejectsCommandLineShardOverL1Capacity) {
  GemmConfig g;
  g.m = 2048;
  g.k = 2048;
  Result r = run(make_gemm(g), "wormhole_b0", {"A=memory=L1,layout=sharded,axes=0,grid=1"});
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.diags[0].message.find("L1 tile size exceeds capacity for A"), std::string::npos)
      << r.diags[0].message;
}

// ---- A2 propagate-layout
TEST(PropagateLayoutErrors, RejectsL1InterleavedTensorBeyondL1) {
  GemmConfig g;
  g.m = 8192;
  g.k = 8192;
  g.bk = 64;
  Result r = run(make_gemm(g), "wormhole_b0", {"A=memory=L1"});
  expect_error(r, "propagate-layout", "L1 tile size exceeds capacity for A", 2);
}

// ---- A3 attach-tensor-accessors
// An in-place update that copies a block in, computes from it and copies the result back to
// the same region compiles (the rejected forms are in tests/lit/diagnostics/in-place.py).
TEST(AttachTensorAccessors, AcceptsInPlaceUpdateOfATensor) {
  EltwiseConfig e;
  Module m = make_eltwise(e);
  // C = A + B  ->  A = A + B (A read and written).
  PrimFunc& f = m.functions[0];
  const auto* launch = f.body.as<KernelLaunch>();
  class Retarget : public Mutator {
   public:
    using Mutator::visit;
    Buffer from, to;
    Buffer mutate_buffer(const Buffer& b) override { return b.same_as(from) ? to : b; }
  } rt;
  rt.from = f.params[2].buffer;
  rt.to = f.params[0].buffer;
  f.body = rt.mutate(Stmt(launch));
  Result r = run(m);
  EXPECT_TRUE(r.ok) << (r.diags.empty() ? "" : r.diags.front().message);
}

// ---- B1 work-partition
// Partial blocks pad interleaved tensors on the device; an L1-sharded tensor is not padded.
TEST(WorkPartitionErrors, RejectsPartialBlocksOverAShardedTensor) {
  GemmConfig g;
  g.m = 96;  // 2 blocks of 64 rows reach 128
  expect_error(run(make_gemm(g), "wormhole_b0",
                   {"A=memory=L1,layout=sharded,axes=0x1,grid=3x1,shard=32x256"}),
               "work-partition", "partial blocks are supported only along the last two", 5);
}

TEST(WorkPartitionErrors, RejectsNonConstantGrid) {
  Module m = make_gemm({});
  PrimFunc& f = m.functions[0];
  const auto* launch = f.body.as<KernelLaunch>();
  Var n = Variable::make("n");
  f.params.push_back({Buffer(), n});
  f.body = KernelLaunch::make({n, launch->extents[1]}, launch->vars, launch->attrs, launch->body,
                              launch->loc);
  expect_error(run(m), "work-partition",
               "is not a compile-time constant: it depends on the kernel scalar parameter 'n'", 5);
}

TEST(WorkPartitionErrors, RejectsBlockShardGridWiderThanTheDevice) {
  GemmConfig g;
  g.k = 1024;  // A is 256 x 1024: 2 x 16 shards of 128 x 64 need 16 core columns
  Result r = run(make_gemm(g), "wormhole_b0", {"A=memory=L1,layout=sharded,axes=0x1,grid=2x16"});
  expect_error(r, "work-partition",
               "needs a 16 x 2 core grid (columns x rows), larger than the 8 x 8", 5);
}

// DRAM shards go one per bank (12 on Wormhole): 4 compile, 16 do not.
TEST(WorkPartitionErrors, RejectsMoreDramShardsThanBanks) {
  EXPECT_TRUE(run(make_gemm({}), "wormhole_b0", {"A=memory=DRAM,layout=sharded,axes=0,grid=4"}).ok);
  GemmConfig g;
  g.m = 512;
  g.bm = 32;
  Result r = run(make_gemm(g), "wormhole_b0", {"A=memory=DRAM,layout=sharded,axes=0,grid=16"});
  expect_error(r, "work-partition", "has 16 shards, more than the 12 DRAM banks of wormhole_b0", 5);
}

TEST(WorkPartitionErrors, RejectsMoreShardsThanCores) {
  GemmConfig g;
  g.m = 4096;  // 128 height shards of 32 rows; Blackhole has 110 cores
  g.bm = 32;
  Result r = run(make_gemm(g), "blackhole", {"A=memory=L1,layout=sharded,axes=0,grid=128"});
  expect_error(r, "work-partition", "has 128 shards, more than the 110 cores of blackhole", 5);
}

// ---- B2 grid-to-persistent
TEST(GridToPersistentErrors, RejectsKernelInsideALoop) {
  Module m = make_gemm({});
  PrimFunc& f = m.functions[0];
  f.body = For::make(Variable::make("r"), make_int(0), make_int(1), ForKind::kSerial, f.body, 0, {},
                     fake_loc(30));
  expect_error(run(m), "grid-to-persistent", "must be the outermost statement", 30);
}

// ---- C1 shared-to-cb
// A block of 16 columns stored to a column window that moves with the block is not padded (its
// padding would overwrite the next block's columns); with bk = 16 the K blocks, only read, are
// padded and the gemm compiles.
TEST(SharedToCbErrors, RejectsBlockThatIsNotWholeTiles) {
  GemmConfig g;
  g.bn = 16;
  expect_error(run(make_gemm(g)), "shared-to-cb", "cannot become a circular buffer", 7);
}

TEST(SharedToCb, PadsKBlocksOfSixteenColumns) {
  GemmConfig g;
  g.bk = 16;
  Result r = run(make_gemm(g));
  EXPECT_TRUE(r.ok) << "failed in " << r.failed_pass;
}

// A copy into a block of another dtype is staged through a block of the tensor's dtype and
// converted in compute (C1's preparation), no longer rejected.
TEST(SharedToCb, StagesCopyThatNeedsAFormatConversion) {
  GemmConfig g;
  Module m = make_gemm(g);
  // A is float32 while A_shared stays bfloat16.
  PrimFunc& f = m.functions[0];
  class Retype : public Mutator {
   public:
    using Mutator::visit;
    Buffer from, to;
    Buffer mutate_buffer(const Buffer& b) override { return b.same_as(from) ? to : b; }
  } rt;
  rt.from = f.params[0].buffer;
  rt.to =
      Buffer::make("A", DataType::float32(), rt.from->shape, MemScope::kGlobal, {}, rt.from->loc);
  f.body = rt.mutate(f.body);
  f.params[0].buffer = rt.to;
  Result r = run(m);
  EXPECT_TRUE(r.ok) << "failed in " << r.failed_pass;
}

// ---- C2 tile-intrinsics
TEST(TileIntrinsicsErrors, RejectsTransposedAOfTheWrongShape) {
  // transpose_A reads A_shared as [K, M]: an [M, K] block with M != K does not match C.
  GemmConfig g;
  g.transpose_a = true;
  g.bm = 64;
  g.bk = 32;
  Module m = make_gemm(g);
  class Flip : public Mutator {
   public:
    using Mutator::visit;
    Stmt visit(const Gemm* op) override {
      return Gemm::make(op->a, op->b, op->c, false, op->transpose_b, op->clear_accum, op->attrs,
                        op->loc);
    }
  } flip;
  m.functions[0].body = flip.mutate(m.functions[0].body);
  // Now the gemm claims A is [M, K] = [32, 64]: K 64 != B's 32.
  expect_error(run(m), "tile-intrinsics", "T.gemm operand shapes do not match", 14);
}

TEST(TileIntrinsicsErrors, RejectsUnsupportedParallelBody) {
  // Over on-chip blocks lower-to-sfpu maps max; a direct loop over tensors is staged by C1
  // after it and reaches C2, which only lowers + - *.
  EltwiseConfig e;
  e.op = BinaryOp::kMax;
  e.form = EltwiseForm::kDirect;
  expect_error(run(make_eltwise(e)), "tile-intrinsics", "T.Parallel loop", 7);
}

TEST(LowerToSfpuErrors, RejectsUnmappableOperator) {
  EltwiseConfig e;
  e.op = BinaryOp::kFloorMod;
  expect_error(run(make_eltwise(e)), "lower-to-sfpu", "operator '%' cannot be mapped", 11);
}

// Moves the accumulator's T.fill (made non-zero) into the K loop (inside = true) or after it.
Module move_fill(bool inside) {
  Module m = make_gemm({});
  class Mover : public Mutator {
   public:
    using Mutator::visit;
    bool inside = false;
    Stmt fill;
    Stmt visit(const Fill* op) override {
      fill = Fill::make(op->dst, FloatImm::make(1.5), op->loc);
      return SeqStmt::make({}, op->loc);
    }
    Stmt visit(const SeqStmt* op) override {
      Stmt s = Mutator::visit(op);
      const SeqStmt* q = s.as<SeqStmt>();
      if (!q || !fill.defined()) {
        return s;
      }
      std::vector<Stmt> out;
      for (const Stmt& c : q->stmts) {
        const For* f = c.as<For>();
        if (f && f->for_kind == ForKind::kPipelined) {
          if (inside) {
            out.push_back(For::make(f->var, f->min, f->extent, f->for_kind,
                                    SeqStmt::make({fill, f->body}), f->num_stages, f->attrs,
                                    f->loc));
          } else {
            out.push_back(c);
            out.push_back(fill);
          }
          fill = Stmt();
          continue;
        }
        out.push_back(c);
      }
      return SeqStmt::make(out, op->loc);
    }
  } mv;
  mv.inside = inside;
  m.functions[0].body = mv.mutate(m.functions[0].body);
  return m;
}

// A fill inside the K loop restarts the accumulation every step (the gemm after it starts from
// the value), as TileLang defines it.
TEST(TileIntrinsics, NonZeroAccumulatorFillInsideTheKLoopRestartsEachStep) {
  Result r = run(move_fill(true));
  EXPECT_TRUE(r.ok) << (r.diags.empty() ? "" : r.diags.front().message);
}

// A fill after the K loop overwrites the product (the product is packed and dropped).
TEST(TileIntrinsics, NonZeroAccumulatorFillAfterTheKLoopOverwritesTheProduct) {
  Result r = run(move_fill(false));
  EXPECT_TRUE(r.ok) << (r.diags.empty() ? "" : r.diags.front().message);
}

// ---- C3 tile-dataflow-graph
TEST(TileDataflowGraph, LoadedBlockUpdatedInPlaceGetsATwin) {
  EltwiseConfig e;
  Module m = make_eltwise(e);
  // C_local[i, j] = ... becomes A_shared[i, j] = A_shared + B_shared, and the copy out of C_local
  // copies A_shared: A_shared is loaded by the reader and updated by compute, so C1 gives compute
  // its own copy of it.
  class Retarget : public Mutator {
   public:
    using Mutator::visit;
    Stmt visit(const BufferStore* op) override {
      const auto* bin = op->value.as<Binary>();
      from = op->buffer;
      to = bin->a.as<BufferLoad>()->buffer;
      return BufferStore::make(to, op->indices, op->value, op->loc);
    }
    Stmt visit(const Copy* op) override {
      Region src = op->src;
      if (from && src.buffer == from) {
        src.buffer = to;
      }
      return Copy::make(src, op->dst, op->attrs, op->loc);
    }
    Buffer from, to;
  } rt;
  m.functions[0].body = rt.mutate(m.functions[0].body);
  Result r = run(m);
  ASSERT_TRUE(r.ok) << "failed in " << r.failed_pass << ": "
                    << (r.diags.empty() ? "" : r.diags.front().message);
}

// ---- D1 split-kernel
TEST(SplitKernelErrors, RejectsKernelWithoutOutput) {
  Module m = make_gemm({});
  class DropStore : public Mutator {
   public:
    using Mutator::visit;
    Stmt visit(const Copy* op) override {
      return op->dst.buffer->scope == MemScope::kGlobal ? SeqStmt::make({}) : Stmt(op);
    }
  } ds;
  m.functions[0].body = ds.mutate(m.functions[0].body);
  expect_error(run(m), "split-kernel", "writes no tensor", 1);
}

// Runs the pipeline up to (not including) `pass` on `m`.
Module lower_until(const Module& m, const std::string& pass) {
  DiagnosticEngine diag;
  passes::PassContext ctx;
  ctx.diag = &diag;
  Module cur = m;
  for (const auto& p : passes::pass_registry()) {
    if (p.name == pass) {
      break;
    }
    cur = *passes::run_pass(p, cur, ctx);
  }
  return cur;
}

Result run_one(const std::string& pass, const Module& m) {
  Result r;
  DiagnosticEngine diag;
  diag.set_handler([&](const Diagnostic& d) { r.diags.push_back(d); });
  passes::PassContext ctx;
  ctx.diag = &diag;
  auto out = passes::run_pass(*passes::find_pass(pass), m, ctx);
  r.ok = out.has_value();
  r.failed_pass = r.ok ? "" : pass;
  return r;
}

// ---- D2 configure-tensor-accessors
TEST(ConfigureTensorAccessorsErrors, RejectsTileMoveOfAnUnknownTensor) {
  Module m = lower_until(make_gemm({}), "configure-tensor-accessors");
  // A tile read of a tensor that is not a kernel parameter has no accessor slot.
  PrimFunc& reader = m.functions[0];
  Buffer stray =
      Buffer::make("X", DataType::bfloat16(), {make_int(64), make_int(64)}, MemScope::kGlobal);
  reader.params.push_back({stray, {}});
  Buffer cb = passes::allocated_cbs(reader.body)[0];
  reader.body =
      SeqStmt::make({passes::call_stmt("tt.read_tiles", {RegionRef::make(Region::full(stray)),
                                                         passes::buffer_ref(cb)}),
                     reader.body});
  // The extra statement sits outside the CB allocation: the verifier or the pass must object.
  EXPECT_THROW(run_one("configure-tensor-accessors", m), InternalError);
}

// ---- D3 cb-noc-protocol
TEST(CbNocProtocolErrors, RejectsUnalignedRegionOrigin) {
  Module m = lower_until(make_gemm({}), "cb-noc-protocol");
  class Shift : public Mutator {
   public:
    using Mutator::visit;
    Expr visit(const Call* op) override {
      if (op->name != "tt.read_tiles") {
        return Mutator::visit(op);
      }
      Region r = *passes::ref_region(op->args[0]);
      r.ranges[0].min = passes::add(r.ranges[0].min, make_int(16));
      std::vector<Expr> args = op->args;
      args[0] = RegionRef::make(r, op->loc);
      return Call::make(op->dtype, op->name, args, op->attrs, op->loc);
    }
  } s;
  m.functions[0] = s.mutate(m.functions[0]);
  EXPECT_THROW(run_one("cb-noc-protocol", m), InternalError);
}

// ---- D4 compute-init
TEST(ComputeInitErrors, RejectsGemmOperandsOfDifferentFormats) {
  GemmConfig g;
  Module m = make_gemm(g);
  PrimFunc& f = m.functions[0];
  // B and B_shared become float16 while A stays bfloat16.
  class Retype : public Mutator {
   public:
    using Mutator::visit;
    std::map<const BufferNode*, Buffer> map;
    Buffer mutate_buffer(const Buffer& b) override {
      auto it = map.find(b.get());
      return it == map.end() ? b : it->second;
    }
  } rt;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      const Buffer& b = static_cast<const Allocate*>(n)->buffer;
      if (b->name == "B_shared") {
        rt.map[b.get()] =
            Buffer::make(b->name, DataType::float16(), b->shape, b->scope, {}, b->loc);
      }
    }
  });
  const Buffer& B = f.params[1].buffer;
  rt.map[B.get()] = Buffer::make("B", DataType::float16(), B->shape, MemScope::kGlobal, {}, B->loc);
  f.body = rt.mutate(f.body);
  f.params[1].buffer = rt.map[B.get()];
  expect_error(run(m), "compute-init", "have different data formats", 14);
}

// ---- D5 dst-management
TEST(DstManagementErrors, RejectsMatmulWhoseAccumulatorIsNotCopiedOut) {
  Module m = lower_until(make_gemm({}), "dst-management");
  // Drop the accumulator's copy to its output CB from the compute kernel.
  class DropCopy : public Mutator {
   public:
    using Mutator::visit;
    Stmt visit(const Evaluate* op) override {
      const Call* c = op->value.as<Call>();
      return c && c->name == "tt.copy_tiles" ? SeqStmt::make({}, op->loc) : Stmt(op);
    }
  } drop;
  PrimFunc& compute = m.functions[1];
  compute.body = drop.mutate(compute.body);
  Result r = run_one("dst-management", m);
  expect_error(r, "dst-management", "accumulator is not copied out", 14);
}

// ---- D6 validate-lowered
TEST(ValidateLoweredErrors, ReportsLeftoverProtocolLessOp) {
  Module m = lower_until(make_gemm({}), "validate-lowered");
  PrimFunc& compute = m.functions[1];
  compute.body =
      SeqStmt::make({passes::call_stmt("tt.matmul", {}, {}, fake_loc(40)), compute.body});
  Result r = run_one("validate-lowered", m);
  expect_error(r, "validate-lowered", "Found unlowered operation 'tt.matmul' in compute kernel",
               40);
}

// ---- E1 finalize-signature
TEST(FinalizeSignatureErrors, RejectsMalformedRuntimeArgument) {
  Module m = lower_until(make_gemm({}), "finalize-signature");
  PrimFunc& compute = m.functions[1];
  compute.body =
      LetStmt::make(Variable::make("x"),
                    Call::make(DataType::int32(), "tt.runtime_arg", {make_int(3)}), compute.body);
  EXPECT_ANY_THROW(run_one("finalize-signature", m));
}

// ---- verify-tt-ir
TEST(VerifyTtIrErrors, RejectsCbsBeyondL1) {
  GemmConfig g;
  g.m = g.n = 256;
  g.k = 1024;
  g.bm = g.bn = 128;
  g.bk = 512;
  // A and B blocks: 64 tiles x 6 stages x 2 KiB each, 1.5 MiB together. The budget is the device
  // description's CB space (1384 KiB on wormhole_b0, what the simulator allows); with the 1 MiB
  // the compiler used to budget, 4 stages (1.1 MiB of CBs) were already rejected.
  g.num_stages = 6;
  Result r = run(make_gemm(g));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.failed_pass, "verify-tt-ir");
  EXPECT_NE(r.diags[0].message.find("more than the 1417216 available on wormhole_b0"),
            std::string::npos)
      << r.diags[0].message;
  // One note per CB with its bytes, then the fix-it.
  ASSERT_GE(r.diags[0].notes.size(), 2u);
  EXPECT_NE(r.diags[0].notes[0].message.find("' takes "), std::string::npos);
  EXPECT_EQ(r.diags[0].notes.back().message.rfind("try ", 0), 0u)
      << r.diags[0].notes.back().message;
}

}  // namespace
}  // namespace tltt::testing
