// Intrusive reference counting for immutable IR objects: a raw `const T*` obtained from a Ref can
// be turned back into a Ref, which lets visitors take plain node pointers (Halide style).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace tltt::ir {

class Object {
 public:
  Object() = default;
  Object(const Object&) : deleter_(nullptr), ref_count_(0) {}
  Object& operator=(const Object&) { return *this; }

  void inc_ref() const { ref_count_.fetch_add(1, std::memory_order_relaxed); }
  void dec_ref() const {
    if (ref_count_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      deleter_(this);
    }
  }
  // Set once by make_object; deletes through the concrete type (objects have no vtable).
  void (*deleter_)(const Object*) = nullptr;

 private:
  mutable std::atomic<int32_t> ref_count_{0};
};

template <class T>
class Ref {
 public:
  Ref() = default;
  Ref(std::nullptr_t) {}  // NOLINT
  Ref(T* p) : ptr_(p) {   // NOLINT: nodes convert to references implicitly
    if (ptr_) {
      ptr_->inc_ref();
    }
  }
  template <class U, class = std::enable_if_t<std::is_convertible_v<U*, T*>>>
  Ref(const Ref<U>& other) : Ref(other.get()) {}  // NOLINT
  Ref(const Ref& other) : Ref(other.ptr_) {}
  Ref(Ref&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
  Ref& operator=(Ref other) noexcept {
    std::swap(ptr_, other.ptr_);
    return *this;
  }
  ~Ref() {
    if (ptr_) {
      ptr_->dec_ref();
    }
  }

  T* get() const { return ptr_; }
  T* operator->() const { return ptr_; }
  T& operator*() const { return *ptr_; }
  bool defined() const { return ptr_ != nullptr; }
  explicit operator bool() const { return ptr_ != nullptr; }
  template <class U>
  bool same_as(const Ref<U>& other) const {
    return static_cast<const void*>(ptr_) == static_cast<const void*>(other.get());
  }
  friend bool operator==(const Ref& a, const Ref& b) { return a.ptr_ == b.ptr_; }

 private:
  T* ptr_ = nullptr;
};

// Allocates a T (derived from Object) and installs its deleter.
template <class T>
T* make_object() {
  T* obj = new T();
  obj->deleter_ = [](const Object* o) { delete static_cast<const T*>(o); };
  return obj;
}

}  // namespace tltt::ir
