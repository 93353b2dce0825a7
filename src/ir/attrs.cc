// AttrValue / Attrs printing, equality and typed getters.
#include "ir/attrs.h"

#include <fmt/format.h>

#include <cmath>

namespace tltt::ir {

AttrValue::AttrValue(AttrList v) : v_(std::make_shared<const AttrList>(std::move(v))) {}
AttrValue::AttrValue(Attrs v) : v_(std::make_shared<const Attrs>(std::move(v))) {}

namespace {
std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string float_str(double d) {
  if (std::isinf(d)) {
    return d > 0 ? "inf" : "-inf";
  }
  if (std::isnan(d)) {
    return "nan";
  }
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".eE") == std::string::npos) {
    s += ".0";
  }
  return s;
}
}  // namespace

std::string AttrValue::str() const {
  struct V {
    std::string operator()(int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const { return float_str(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::string& v) const { return quote(v); }
    std::string operator()(const std::vector<int64_t>& v) const {
      return fmt::format("[{}]", fmt::join(v, ", "));
    }
    std::string operator()(const std::vector<std::string>& v) const {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) {
        out += (i ? ", " : "") + quote(v[i]);
      }
      return out + "]";
    }
    std::string operator()(const std::shared_ptr<const AttrList>& v) const {
      std::string out = "[";
      for (size_t i = 0; i < v->size(); ++i) {
        out += (i ? ", " : "") + (*v)[i].str();
      }
      return out + "]";
    }
    std::string operator()(const std::shared_ptr<const Attrs>& v) const {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, val] : *v) {
        out += (first ? "" : ", ") + quote(k) + ": " + val.str();
        first = false;
      }
      return out + "}";
    }
  };
  return std::visit(V{}, v_);
}

bool AttrValue::operator==(const AttrValue& other) const {
  if (v_.index() != other.v_.index()) {
    return false;
  }
  if (is_list()) {
    return as_list() == other.as_list();
  }
  if (is_dict()) {
    return as_dict() == other.as_dict();
  }
  if (is_float()) {
    // Bitwise-equal semantics so NaN payloads compare equal to themselves.
    double a = as_float(), b = other.as_float();
    return a == b || (std::isnan(a) && std::isnan(b));
  }
  return v_ == other.v_;
}

const AttrValue* Attrs::find(const std::string& key) const {
  auto it = map_.find(key);
  return it == map_.end() ? nullptr : &it->second;
}

Attrs Attrs::with(const std::string& key, AttrValue value) const {
  Attrs copy = *this;
  copy.set(key, std::move(value));
  return copy;
}

int64_t Attrs::get_int(const std::string& key, int64_t dflt) const {
  const AttrValue* v = find(key);
  return v && v->is_int() ? v->as_int() : dflt;
}
bool Attrs::get_bool(const std::string& key, bool dflt) const {
  const AttrValue* v = find(key);
  return v && v->is_bool() ? v->as_bool() : dflt;
}
double Attrs::get_float(const std::string& key, double dflt) const {
  const AttrValue* v = find(key);
  if (v && v->is_float()) {
    return v->as_float();
  }
  return v && v->is_int() ? static_cast<double>(v->as_int()) : dflt;
}
std::string Attrs::get_string(const std::string& key, const std::string& dflt) const {
  const AttrValue* v = find(key);
  return v && v->is_string() ? v->as_string() : dflt;
}

std::string Attrs::str() const {
  if (map_.empty()) {
    return "";
  }
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : map_) {
    out += (first ? "" : ", ") + k + " = " + v.str();
    first = false;
  }
  return out + "}";
}

}  // namespace tltt::ir
