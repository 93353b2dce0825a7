// Value constructors and rendering for messages.
#include "frontend/value.h"

#include <fmt/format.h>

#include "frontend/errors.h"
#include "ir/printer.h"

namespace tltt::fe {

Value Value::boolean(bool v) {
  Value r;
  r.kind = VK::kBool;
  r.b = v;
  return r;
}
Value Value::integer(int64_t v) {
  Value r;
  r.kind = VK::kInt;
  r.i = v;
  return r;
}
Value Value::floating(double v) {
  Value r;
  r.kind = VK::kFloat;
  r.f = v;
  return r;
}
Value Value::str(std::string v) {
  Value r;
  r.kind = VK::kStr;
  r.s = std::move(v);
  return r;
}
Value Value::tuple(std::vector<Value> items) {
  Value r;
  r.kind = VK::kTuple;
  r.items = std::move(items);
  return r;
}
Value Value::list(std::vector<Value> items) {
  Value r;
  r.kind = VK::kList;
  r.items = std::move(items);
  return r;
}
Value Value::dtype_value(ir::DataType t) {
  Value r;
  r.kind = VK::kDType;
  r.dtype = t;
  return r;
}
Value Value::of_expr(ir::Expr e) {
  Value r;
  r.kind = VK::kExpr;
  r.expr = std::move(e);
  return r;
}
Value Value::of_buffer(ir::Buffer b) {
  Value r;
  r.kind = VK::kBuffer;
  r.buffer = std::move(b);
  return r;
}
Value Value::builtin(std::string name) {
  Value r;
  r.kind = VK::kBuiltin;
  r.s = std::move(name);
  return r;
}
Value Value::module(std::string name) {
  Value r;
  r.kind = VK::kModule;
  r.s = std::move(name);
  return r;
}
Value Value::opaque(std::string what) {
  Value r;
  r.kind = VK::kOpaque;
  r.s = std::move(what);
  return r;
}

double as_number(const Value& v, const Location& loc) {
  if (v.kind == VK::kFloat) {
    return v.f;
  }
  if (v.kind == VK::kInt) {
    return static_cast<double>(v.i);
  }
  if (v.kind == VK::kBool) {
    return v.b ? 1.0 : 0.0;
  }
  user_error(loc, "expected a number, got " + type_name(v));
}

std::string type_name(const Value& v) {
  switch (v.kind) {
    case VK::kNone:
      return "None";
    case VK::kBool:
      return "bool";
    case VK::kInt:
      return "int";
    case VK::kFloat:
      return "float";
    case VK::kStr:
      return "str";
    case VK::kTuple:
      return "tuple";
    case VK::kList:
      return "list";
    case VK::kDict:
      return "dict";
    case VK::kSlice:
      return "slice";
    case VK::kDType:
      return "dtype";
    case VK::kExpr:
      return "kernel expression";
    case VK::kBuffer:
      return "buffer";
    case VK::kBufferSlice:
      return "buffer region";
    case VK::kFunction:
      return v.fn->kind == FunctionKind::kMacro ? "macro" : "function";
    case VK::kBuiltin:
      return "'" + v.s + "'";
    case VK::kModule:
      return "module";
    case VK::kPrimFunc:
      return "prim_func";
    case VK::kLoopSpec:
      return v.loop->construct;
    case VK::kLaunchSpec:
      return "T.Kernel";
    case VK::kBufferType:
      return v.buffer_type->construct;
    case VK::kPendingTensor:
      return "tensor parameter";
    case VK::kOpaque:
      return "'" + v.s + "'";
    case VK::kObject:
      return "'" + v.s + "' object";
    case VK::kClass:
      return "class '" + v.fn->def->name + "'";
    case VK::kGpuOnly:
      return "value of the GPU-only construct '" + v.s + "'";
  }
  return "value";
}

std::string show(const Value& v) {
  switch (v.kind) {
    case VK::kNone:
      return "None";
    case VK::kBool:
      return v.b ? "True" : "False";
    case VK::kInt:
      return std::to_string(v.i);
    case VK::kFloat:
      return fmt::format("{}", v.f);
    case VK::kStr:
      return "'" + v.s + "'";
    case VK::kDType:
      return v.dtype.str();
    case VK::kExpr:
      return ir::print(v.expr);
    case VK::kBuffer:
      return v.buffer->name;
    case VK::kTuple:
    case VK::kList: {
      std::string s = v.kind == VK::kTuple ? "(" : "[";
      for (size_t i = 0; i < v.items.size(); ++i) {
        s += (i ? ", " : "") + show(v.items[i]);
      }
      if (v.kind == VK::kTuple && v.items.size() == 1) {
        s += ",";
      }
      return s + (v.kind == VK::kTuple ? ")" : "]");
    }
    default:
      return type_name(v);
  }
}

}  // namespace tltt::fe
