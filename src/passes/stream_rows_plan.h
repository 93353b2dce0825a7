// A4's analysis (see stream_rows.h): which statements of a row kernel's block touch its
// row-wide on-chip buffers, what each reads and writes, and how the reductions and tensor writes
// regroup into chunk loops that recompute what they read.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes::stream {

enum class Role : uint8_t {
  kNarrow,  // touches no row-wide buffer: stays where it is
  kWide,    // defines row-wide buffers element by element (tensor load, on-chip copy, fill, nest)
  kReduce,  // T.reduce_* of a row-wide buffer along the row: an effect
  kStore,   // writes a tensor from row-wide buffers (a copy, or a nest's element stores): an effect
};

using BufferSet = std::set<const ir::BufferNode*>;

struct StmtInfo {
  ir::Stmt stmt;
  Role role = Role::kNarrow;
  BufferSet reads, writes;                // row-wide buffers; reads are those read before written
  BufferSet narrow_reads, narrow_writes;  // the other on-chip buffers
  const ir::Variable* col = nullptr;      // the column loop of a T.Parallel nest over the row
  bool effect() const { return role == Role::kReduce || role == Role::kStore; }
};

// One chunk loop: its effects, and every statement it runs per chunk (indices into
// RowKernel::stmts, in program order; the effects are among them).
struct Group {
  std::vector<size_t> effects;
  std::vector<size_t> body;
};

struct RowKernel {
  BufferSet wide;               // the on-chip buffers that hold a whole row (or a row vector)
  int64_t width = 0;            // their last extent: the row's columns
  std::vector<StmtInfo> stmts;  // the block's statements, in program order
  std::vector<Group> groups;
  BufferSet twinned, out_cb, temp;  // wide buffers C1/B3 give a second CB (for the estimate)
};

// The row kernel in `body` (the block's statements after its allocations `allocs`): nullopt
// when no T.reduce_* runs along the last axis of a 2-D on-chip buffer wider than a tile, or
// when the block has a T.gemm or a sequential loop (it tiles its own work). The
// statements are not classified yet; the buffers that get a second CB are known.
std::optional<RowKernel> find_row_kernel(const std::vector<ir::Buffer>& allocs,
                                         const ir::Stmt& body);

// stream_rows_unit_loops.cc. `launch_body` (allocations, then the block) with its serial and
// pipelined loops of one iteration inlined (the kernel's own chunk loop when its chunk is the
// whole row); the same statement when there is none.
ir::Stmt inline_unit_loops(const ir::Stmt& launch_body);

// The statements of a sequence (one for anything but a SeqStmt).
std::vector<ir::Stmt> flatten(const ir::Stmt& s);

// Sets every statement's role, row-wide reads and writes and other on-chip reads and writes
// (stream_rows_classify.cc); a statement chunks of the row cannot reproduce is a located error
// starting with `why` (false).
bool classify(RowKernel& k, const std::string& why, PassContext& ctx);

// Classifies the statements and forms the chunk loops. A statement that touches the row-wide
// buffers in a way chunks cannot reproduce, or a recomputation that would read a value changed
// since, is a located error starting with `why` (false).
bool plan_groups(RowKernel& k, const std::string& why, PassContext& ctx);

// "T.reduce_sum into 'scale'; reads 'X', recomputes 'x'" for the remark of pass `gi`; the chunks
// of the buffers named in `held` (once an earlier pass loaded them) and `whole` are copied from L1.
std::string describe_pass(const RowKernel& k, size_t gi, const std::set<std::string>& held,
                          const std::set<std::string>& whole);

// The row-wide buffers statement `p` of group `g`'s body stores (a T.Parallel nest) that no
// later statement of the pass reads: a recomputation need not store them.
BufferSet unread_writes(const RowKernel& k, const Group& g, size_t p);

// stream_rows_mask.cc. The value a reduction of `kind` starts from (0, -inf or inf).
double identity(ir::ReduceKind kind);
// src[i, j] = T.if_then_else(offset + j < width, src[i, j], identity): the padding past the
// row's end takes no part in the reduction (B3 lowers it to a bound mask).
ir::Stmt mask_nest(const ir::Buffer& src, const ir::Expr& offset, int64_t width,
                   ir::ReduceKind kind, const Location& loc);

// stream_rows_resident.cc. Bytes of the CBs the block's on-chip buffers `allocs` become with
// the row-wide ones `cols` wide: C1 double-buffers every CB, some row-wide buffers get a second
// CB, reductions share a one-tile scaler. With `single`, the row block is kept whole: those
// buffers' CBs and every row-wide buffer's output CB hold one copy.
int64_t cb_bytes(const std::vector<ir::Buffer>& allocs, const RowKernel& k, int64_t cols,
                 const BufferSet* single = nullptr);
// The row-wide buffers whose CB can hold one copy of the block: written by one statement that
// does not read them (not updated in place), or loaded once when twinned (the twin keeps two).
BufferSet single_copy(const RowKernel& k);
// `launch_body` (the launch's allocations and the block) with the row-wide buffers annotated
// for C1 (keys::kCbDepth, keys::kCbOutDepth): one copy for those of `single` and every output CB.
ir::Stmt keep_resident(const std::vector<ir::Buffer>& allocs, const RowKernel& k,
                       const BufferSet& single, const ir::Stmt& launch_body);
// The row-wide buffers A4 keeps whole in L1 while the rest of the row is streamed, with the
// statement that loads each: loaded from a tensor by one statement that nothing else writes,
// and read by several passes over the row (each would read the tensor again). Buffers one
// pass reads (LayerNorm's gamma and beta) stay streamed: their chunks overlap compute, while a
// whole load would come before it.
using Held = std::map<const ir::BufferNode*, size_t>;
Held held_loads(const RowKernel& k);
// The row-wide buffers loaded, by one statement that nothing else writes, from a constant
// tensor region (the same for every block: LayerNorm's gamma and beta). Kept whole in L1 and
// loaded whole at the top of the block, which B2 then moves before its loop over blocks, each
// pass's chunks are copied from L1: read once per core instead of once per row block.
Held invariant_loads(const RowKernel& k);
// Bytes of one copy of each held buffer, whole.
int64_t held_bytes(const std::vector<ir::Buffer>& allocs, const Held& held);
// The number of chunks `n` of the row, for chunk CBs of `fixed` bytes plus `per_tile` a tile
// column within half the budget (what the blocks kept whole leave), and the buffers kept whole:
// `held` (those of held_loads, and of invariant_loads when chunks of 4 tiles still fit beside
// them), `invariant` (the latter), `kept` their bytes.
struct ChunkChoice {
  int64_t n = 0, kept = 0;
  Held held, invariant;
};
ChunkChoice choose_chunks(const std::vector<ir::Buffer>& allocs, const RowKernel& k, int64_t budget,
                          int64_t fixed, int64_t per_tile);
// "of 'x_tile', 'sq' and of the output CB of 'x'" for the remark.
std::string describe_single(const std::vector<ir::Buffer>& allocs, const RowKernel& k,
                            const BufferSet& single);

}  // namespace tltt::passes::stream
