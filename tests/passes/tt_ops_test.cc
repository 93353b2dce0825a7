// Unit tests of the declared tt op set (ir/tt_ops.def): the verifier rejects malformed tt
// calls with a located message, and the lists passes derive from the table match the hand
// lists they replaced.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "ir/ir.h"
#include "ir/tile_ops.h"
#include "ir/tt_ops.h"
#include "ir/verifier.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"

namespace tltt::ir {
namespace {

using passes::buffer_ref;
using passes::cint;

Location at(int line) { return {intern_file_name("k.py"), line, 5, line, 20}; }

// A compute function with three 64x64 CBs and a tensor; `call` is its body.
struct Kernel {
  Buffer a = cb("a"), b = cb("b"), c = cb("c");
  Buffer t = Buffer::make("T", DataType::float16(), {cint(64), cint(64)}, MemScope::kGlobal);

  static Buffer cb(const std::string& name) {
    return Buffer::make(name, DataType::float16(), {cint(64), cint(64)}, MemScope::kCB);
  }
  PrimFunc with(Stmt call) const {
    PrimFunc f;
    f.name = "k";
    f.params = {{t, {}}};
    f.body = Allocate::make(a, Allocate::make(b, Allocate::make(c, call)));
    return f;
  }
};

TEST(TtOps, VerifierAcceptsWellFormedMatmul) {
  Kernel k;
  Stmt mm = tt_call_stmt(TtOp::kMatmul,
                         {buffer_ref(k.a), buffer_ref(k.b), buffer_ref(k.c), BoolImm::make(true)},
                         {}, at(3));
  auto errs = verify(k.with(mm));
  EXPECT_TRUE(errs.empty()) << format_verify_errors(errs);
}

TEST(TtOps, VerifierRejectsMatmulWithMissingOperand) {
  Kernel k;
  Stmt mm =
      tt_call_stmt(TtOp::kMatmul, {buffer_ref(k.a), buffer_ref(k.b), buffer_ref(k.c)}, {}, at(7));
  auto errs = verify(k.with(mm));
  ASSERT_EQ(errs.size(), 1u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message, "tt.matmul takes 4 operands (a, b, c, accumulate), got 3");
  EXPECT_EQ(errs[0].loc.str(), "k.py:7:5");
}

TEST(TtOps, VerifierRejectsMatmulWithWrongOperandKind) {
  Kernel k;
  // A tensor region where the B CB belongs.
  Stmt mm = tt_call_stmt(TtOp::kMatmul,
                         {buffer_ref(k.a), buffer_ref(k.t), buffer_ref(k.c), BoolImm::make(false)},
                         {}, at(9));
  auto errs = verify(k.with(mm));
  ASSERT_EQ(errs.size(), 1u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message,
            "operand 1 (b) of tt.matmul must be an input circular buffer, got a tensor region: "
            "region(T)");
  EXPECT_EQ(errs[0].loc.str(), "k.py:9:5");
}

TEST(TtOps, VerifierChecksVariadicOperandsAndAttributes) {
  Kernel k;
  // tt.sfpu(inputs..., out, tree): a constant among the inputs.
  Stmt sfpu = tt_call_stmt(
      TtOp::kSfpu, {buffer_ref(k.a), cint(2), buffer_ref(k.c), FloatImm::make(1.0)}, {}, at(4));
  Attrs attrs;
  attrs.set("transpose_b", "yes");
  Stmt mm = tt_call_stmt(TtOp::kMatmul,
                         {buffer_ref(k.a), buffer_ref(k.b), buffer_ref(k.c), BoolImm::make(true)},
                         attrs, at(5));
  auto errs = verify(k.with(SeqStmt::make({sfpu, mm})));
  ASSERT_EQ(errs.size(), 2u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message,
            "operand 1 (inputs) of tt.sfpu must be an input circular buffer, got a constant: 2");
  EXPECT_EQ(errs[1].message, "attribute 'transpose_b' of tt.matmul must be a bool");
}

TEST(TtOps, VerifierRejectsUndeclaredTtOp) {
  Kernel k;
  Stmt s = passes::call_stmt("tt.frobnicate", {}, {}, at(2));
  auto errs = verify(k.with(s));
  ASSERT_EQ(errs.size(), 1u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message, "unknown tt op 'tt.frobnicate' (not declared in ir/tt_ops.def)");
}

// The TT-Metalium calls the passes create and match are declared too: the verifier checks them
// and passes read their operands by name.
TEST(TtOps, SdkCallsAreDeclaredOps) {
  Kernel k;
  Stmt reserve = tt_call_stmt(TtOp::kCbReserveBack, {buffer_ref(k.a)}, {}, at(6));
  Stmt read = tt_call_stmt(TtOp::kNocAsyncReadTile, {cint(3), cint(0), cint(4096)}, {}, at(7));
  auto errs = verify(k.with(SeqStmt::make({reserve, read})));
  ASSERT_EQ(errs.size(), 1u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message, "cb_reserve_back takes 2 operands (cb, pages), got 1");
  Expr ptr = tt_call(TtOp::kGetWritePtr, DataType::int32(), {buffer_ref(k.a)});
  EXPECT_EQ(tt_op_of(ptr.as<Call>()), TtOp::kGetWritePtr);
  EXPECT_EQ(tt::GetWritePtr::cb(ptr.as<Call>()).get(), k.a.get());
  EXPECT_EQ(
      tt::NocAsyncReadTile::l1_addr(read.as<Evaluate>()->value.as<Call>()).as<IntImm>()->value,
      4096);
  // A call spelled like no declared op is no op of the table.
  EXPECT_EQ(tt_op_named("noc_semaphore_wait"), std::nullopt);
}

// D5's compute calls, the multicast helpers and the atomic barrier are rows too: the verifier
// checks them, accessors name their operands, template arguments are declared per row and the
// compute header comes from the table.
TEST(TtOps, ComputeAndMulticastCallsAreDeclaredOps) {
  Kernel k;
  Attrs out_of_order;
  out_of_order.set("template", "true");
  Stmt pack = tt_call_stmt(TtOp::kPackTile, {cint(0), buffer_ref(k.c), cint(3)}, out_of_order);
  Stmt bad_pack = tt_call_stmt(TtOp::kPackTile, {cint(0), cint(16)}, {}, at(8));
  Stmt bad_template =
      tt_call_stmt(TtOp::kCopyTile, {buffer_ref(k.a), cint(0), cint(0)}, out_of_order, at(9));
  Stmt send = tt_call_stmt(TtOp::kMcastSend, {cint(4096), cint(2048), cint(1), cint(1), cint(1),
                                              cint(4), cint(3), cint(0), cint(1)});
  Stmt barrier = tt_call_stmt(TtOp::kNocAsyncAtomicBarrier, {});
  auto errs = verify(k.with(SeqStmt::make({pack, bad_pack, bad_template, send, barrier})));
  ASSERT_EQ(errs.size(), 2u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message,
            "operand 1 (cb) of pack_tile must be an output circular buffer, got a constant: 16");
  EXPECT_EQ(errs[1].message, "copy_tile has no attribute 'template'");
  const Call* p = pack.as<Evaluate>()->value.as<Call>();
  EXPECT_EQ(tt::PackTile::cb(p).get(), k.c.get());
  EXPECT_EQ(tt::PackTile::page_arg(p).as<IntImm>()->value, 3);
  EXPECT_EQ(tt::McastSend::receivers_arg(send.as<Evaluate>()->value.as<Call>()).as<IntImm>()->value,
            3);
  EXPECT_EQ(tt_op_named("noc_async_atomic_barrier"), TtOp::kNocAsyncAtomicBarrier);
  EXPECT_EQ(std::string(tt_op_info(TtOp::kPackTile).header), "api/compute/pack.h");
  EXPECT_EQ(tt_op_info(TtOp::kMcastSend).header, nullptr);  // codegen defines it in the reader
}

TEST(TtOps, AccessorsNameOperands) {
  Kernel k;
  Attrs attrs;
  attrs.set("transpose_b", true);
  Expr mm =
      tt_call(TtOp::kMatmul, DataType::void_type(),
              {buffer_ref(k.a), buffer_ref(k.b), buffer_ref(k.c), BoolImm::make(true)}, attrs);
  const Call* c = mm.as<Call>();
  EXPECT_EQ(tt_op_of(c), TtOp::kMatmul);
  EXPECT_TRUE(tt::Matmul::c(c).same_as(k.c));
  EXPECT_TRUE(tt::Matmul::transpose_b(c));
  EXPECT_FALSE(tt::Matmul::transpose_a(c));  // the table's default
  Expr read = tt_call(TtOp::kReadTiles, DataType::void_type(), {buffer_ref(k.t), buffer_ref(k.a)});
  EXPECT_FALSE(tt::ReadTiles::accessor(read.as<Call>()).defined());  // D2 appends it
  EXPECT_EQ(tt::ReadTiles::src(read.as<Call>())->buffer.get(), k.t.get());
}

std::set<std::string> names_where(bool (*pred)(const TtOpInfo&)) {
  std::set<std::string> out;
  for (const TtOpInfo& info : tt_ops()) {
    if (pred(info)) {
      out.insert(info.spelling);
    }
  }
  return out;
}

// The lists derived from the table equal the hand-written ones they replaced.
TEST(TtOps, DerivedListsMatchTheFormerHandLists) {
  // is_compute_op (sfpu_ops.cc).
  std::set<std::string> compute = {"tt.matmul",          "tt.binary", "tt.copy_tiles",
                                   "tt.transpose_tiles", "tt.sfpu",   "tt.reduce"};
  std::set<std::string> derived_compute;
  for (const TtOpInfo& info : tt_ops()) {
    Expr e = Call::make(DataType::void_type(), info.spelling, {});
    if (passes::is_compute_op(e.as<Call>())) {
      derived_compute.insert(info.spelling);
    }
  }
  EXPECT_EQ(derived_compute, compute);
  EXPECT_FALSE(
      passes::is_compute_op(Call::make(DataType::void_type(), "cb_wait_front", {}).as<Call>()));

  // D6's list of unlowered ops: the former list held "tt.fill", which no pass creates, and
  // lacked "tt.mask_tile", which D3 always expands; the table's protocol-less stage is that
  // list without the dead entry and with the missing one.
  std::set<std::string> d6 = {"tt.read_tiles", "tt.write_tiles", "tt.matmul",
                              "tt.binary",     "tt.copy_tiles",  "tt.fill",
                              "tt.sfpu",       "tt.reduce",      "tt.transpose_tiles"};
  d6.erase("tt.fill");
  d6.insert("tt.mask_tile");
  d6.insert("tt.read_local_tiles");  // added with A4's held row blocks (D3 expands it)
  d6.insert("tt.read_im2col");       // added with C2's convolution patch reads (D3 expands it)
  d6.insert("tt.gather_rows");       // added with C2's indirect row gathers (D3 expands it)
  EXPECT_EQ(names_where([](const TtOpInfo& i) { return i.stage == TtStage::kProtocolLess; }), d6);

  // role_of_call (split_kernel.cc): reader, writer and compute calls.
  EXPECT_EQ(names_where([](const TtOpInfo& i) { return i.role == TtRole::kReader; }),
            (std::set<std::string>{"tt.read_tiles", "tt.mask_tile", "tt.read_local_tiles",
                                   "tt.read_im2col", "tt.gather_rows"}));
  EXPECT_EQ(names_where([](const TtOpInfo& i) { return i.role == TtRole::kWriter; }),
            (std::set<std::string>{"tt.write_tiles"}));
  // C3's waits and pops go with compute (role_of_call's former special case).
  std::set<std::string> compute_role = compute;
  compute_role.insert({"cb_wait_front", "cb_pop_front"});
  compute_role.insert("read_tile_value");  // D3a: compute reads a branch value from its CB
  EXPECT_EQ(names_where([](const TtOpInfo& i) { return i.role == TtRole::kCompute; }),
            compute_role);
  // Every SDK call created after D1 follows its kernel.
  EXPECT_EQ(names_where([](const TtOpInfo& i) { return i.role == TtRole::kAny; }),
            (std::set<std::string>{
                "tt.runtime_arg", "tt.tensor_accessor", "cb_reserve_back", "cb_push_back",
                "get_write_ptr", "get_read_ptr", "noc_async_read_tile", "noc_async_write_tile",
                "noc_async_read_barrier", "noc_async_write_barrier",
                // D3's copies through the core's own L1 (held row blocks)
                "noc_async_read", "get_noc_addr",
                // D3's convolution patch gather (a helper the kernel printer writes)
                "im2col_gather",
                // D3's gather of a stencil's window off the tile grid (same kind of helper)
                "shift_gather",
                // D3's scatter of a padded block's rows off the tile grid (same kind of helper)
                "row_scatter",
                // D3a's branch values: a word of L1 read by a data-movement kernel, its float
                "l1_word", "float_of_bits",
                // D3's read of an index tensor element into a data-movement kernel
                "read_element_word",
                // D5's FPU forms of a block and a broadcast vector
                "add_bcast_cols_init_short", "add_tiles_bcast_cols", "sub_bcast_cols_init_short",
                "sub_tiles_bcast_cols", "mul_bcast_cols_init_short", "mul_tiles_bcast_cols",
                "add_bcast_rows_init_short", "add_tiles_bcast_rows", "mul_bcast_rows_init_short",
                "mul_tiles_bcast_rows", "noc_async_atomic_barrier", "get_arg_val", "fill_mask_tile",
                "mcast_ready", "mcast_send", "mcast_receive", "mcast_wait_room", "mcast_write",
                "mcast_signal", "mcast_signal_count", "mcast_receive_count", "update_acquire",
                "update_release", "tile_regs_acquire", "tile_regs_commit", "tile_regs_wait",
                "tile_regs_release", "pack_tile", "copy_tile_to_dst_init_short", "copy_tile",
                "fill_tile_init", "fill_tile", "fill_tile_bitcast", "pack_reconfig_data_format",
                "pack_reconfig_l1_acc", "compute_kernel_hw_startup", "matmul_init",
                "mm_block_init_short", "matmul_tiles", "matmul_block", "transpose_wh_init_short",
                "transpose_wh_tile", "add_tiles_init", "add_tiles", "sub_tiles_init", "sub_tiles",
                "mul_tiles_init", "mul_tiles", "reduce_init", "reduce_tile", "reduce_uninit",
                "unary_bcast_init", "unary_bcast", "binop_with_scalar_tile_init"}));
}

// The SFPU table (sim/include/ttsim/sfpu_functions.def) gives B3 and D5 the spellings they
// hand-listed.
TEST(SfpuTable, MatchesTheFormerHandLists) {
  // B3's single-argument TileLang math functions with a tile op (T.pow is mapped separately).
  std::set<std::string> b3 = {"exp",   "exp2", "log",     "log2", "sqrt",
                              "rsqrt", "tanh", "sigmoid", "abs"};
  std::set<std::string> derived;
  for (const passes::SfpuFunction& f : passes::sfpu_functions()) {
    if (!f.tilelang.empty() && !f.tile_op.empty() && f.fn != passes::SfpuFn::kPower) {
      derived.insert(f.tilelang);
    }
  }
  EXPECT_EQ(derived, b3);
  EXPECT_EQ(passes::sfpu_function_of_tilelang("pow")->tile_op, "power");
  // The front end parses T.sin from the table; B3 has no tile op for it and rejects it.
  EXPECT_EQ(passes::sfpu_function(passes::SfpuFn::kSin).tilelang, "sin");
  EXPECT_EQ(passes::sfpu_function_of_tilelang("sin"), nullptr);
  // D5's tile op -> TT-Metalium call (log2 is log and a scalar product); gtz .. isneginf are
  // the predicates of selects on element values (B3, sfpu/select.cc); typecast is T.Cast between
  // float and integer blocks (typecast_tile<IN, OUT>); exp_fast is B4a's exp_tile<true>.
  std::map<std::string, std::string> d5 = {
      {"exp", "exp"},           {"exp2", "exp2"},        {"exp_fast", "exp"},
      {"log", "log"},           {"sqrt", "sqrt"},        {"rsqrt", "rsqrt"},
      {"tanh", "tanh"},         {"sigmoid", "sigmoid"},  {"abs", "abs"},
      {"neg", "negative"},      {"relu", "relu"},        {"square", "square"},
      {"recip", "recip"},       {"power", "power"},      {"gtz", "gtz"},
      {"ltz", "ltz"},           {"gez", "gez"},          {"lez", "lez"},
      {"eqz", "eqz"},           {"nez", "nez"},          {"isposinf", "isposinf"},
      {"isneginf", "isneginf"}, {"typecast", "typecast"}};
  std::map<std::string, std::string> derived_d5;
  for (const passes::SfpuFunction& f : passes::sfpu_functions()) {
    if (!f.tile_op.empty() && !f.metalium.empty()) {
      derived_d5[f.tile_op] = f.metalium;
    }
  }
  EXPECT_EQ(derived_d5, d5);
  EXPECT_TRUE(passes::sfpu_function(passes::SfpuFn::kLog2).metalium.empty());
}

// D5's SFPU binary calls between two DST tiles (the SDK's names differ in word order).
TEST(SfpuTable, BinaryCalls) {
  EXPECT_EQ(passes::sfpu_binary_metalium(passes::SfpuBinaryFn::kMax), "binary_max");
  EXPECT_EQ(passes::sfpu_binary_metalium(passes::SfpuBinaryFn::kMin), "binary_min");
  EXPECT_EQ(passes::sfpu_binary_metalium(passes::SfpuBinaryFn::kAdd), "add_binary");
  EXPECT_EQ(passes::sfpu_binary_metalium(passes::SfpuBinaryFn::kMul), "mul_binary");
  // The integer ops (docs/formats.md): their SDK names and the init each needs.
  EXPECT_EQ(passes::sfpu_binary_metalium(passes::SfpuBinaryFn::kAddInt), "add_int");
  EXPECT_EQ(passes::sfpu_binary_metalium(passes::SfpuBinaryFn::kBitXor), "bitwise_xor_binary");
  EXPECT_EQ(passes::sfpu_binary_metalium(passes::SfpuBinaryFn::kShr), "binary_right_shift");
  EXPECT_TRUE(passes::integer_binary(passes::SfpuBinaryFn::kMulInt));
  EXPECT_FALSE(passes::integer_binary(passes::SfpuBinaryFn::kPower));
  Location loc;
  auto calls =
      passes::int_binary_calls(passes::SfpuBinaryFn::kShl, cint(0, loc), cint(1, loc), loc);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(passes::as_call_stmt(calls[0])->name, "binary_shift_tile_init");
  EXPECT_EQ(passes::as_call_stmt(calls[1])->name, "binary_left_shift_tile");
  EXPECT_EQ(passes::as_call_stmt(calls[1])->attrs.get_string("template", ""), "DataFormat::Int32");
}

// The tile ops of tt.sfpu trees are recognised by the declared table, not by their spelling's
// shape, and the verifier checks their arity.
TEST(TileOps, RecognisedFromTheTable) {
  Location loc;
  Buffer v = Buffer::make("v", DataType::float32(), {cint(32, loc), cint(32, loc)},
                          MemScope::kFragment, {}, loc);
  Expr ref = buffer_ref(v, loc);
  Expr e = tile_unary(SfpuFn::kExp, ref, loc);
  EXPECT_EQ(e.as<Call>()->name, "tile.exp");
  ASSERT_TRUE(tile_op_of(e));
  EXPECT_EQ(tile_op_of(e)->kind, TileOpKind::kUnary);
  EXPECT_EQ(tile_op_of(e)->fn, SfpuFn::kExp);
  Expr m = tile_binary(SfpuBinaryFn::kMax, e, ref, loc);
  EXPECT_EQ(m.as<Call>()->name, "tile.max");
  EXPECT_EQ(tile_op_of(m)->binary, SfpuBinaryFn::kMax);
  EXPECT_TRUE(tile::Binary::y(m.as<Call>()).same_as(ref));
  Expr b = tile_bcast(TileOpKind::kBcastCol, ref, loc);
  EXPECT_TRUE(as_tile_op(b, TileOpKind::kBcastCol));
  EXPECT_FALSE(as_tile_op(b, TileOpKind::kBcastRow));
  EXPECT_TRUE(tile_leaf_block(b.as<Call>()).same_as(ref));
  // Functions the compiler never emits have no tile op; other calls are not tile ops.
  EXPECT_TRUE(tile_op_name(SfpuFn::kErf).empty());
  EXPECT_FALSE(tile_op_of(Call::make(DataType::float32(), "tile.erf", {ref}, {}, loc)));
  EXPECT_FALSE(tile_op_of(ref));
  // A mask without its start operand, and a binary op with one operand, are malformed.
  Expr mask = Call::make(DataType::float32(), "tile.mask", {ref}, {}, loc);
  EXPECT_NE(tile_op_problem(mask.as<Call>()), "");
  Expr half = Call::make(DataType::float32(), "tile.add", {ref}, {}, loc);
  EXPECT_EQ(tile_op_problem(half.as<Call>()), "tile.add takes 2 operands, got 1");
  EXPECT_EQ(tile_op_problem(m.as<Call>()), "");
}

}  // namespace
}  // namespace tltt::ir
