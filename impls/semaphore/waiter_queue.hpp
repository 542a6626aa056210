#pragma once
// An intrusive FIFO of waiters, used under the semaphore's mutex.
//
// Nodes live on the waiting thread's stack, so the queue never allocates (the
// model checker's allocator and the fast paths both stay out of it). Every
// link is a shared_var: the model checker reports any access made without the
// mutex held.
#include <cstddef>

#include "impls/platform/platform.hpp"

namespace gauntlet::semaphore {

// Node needs a member `shared_var<Node*> next`.
template <class Node>
class WaiterQueue {
 public:
  bool empty() const { return head_.load() == nullptr; }
  Node* front() const { return head_.load(); }
  std::size_t size() const { return size_.load(); }

  void push_back(Node* w) {
    w->next.store(nullptr);
    if (Node* t = tail_.load())
      t->next.store(w);
    else
      head_.store(w);
    tail_.store(w);
    size_.store(size_.load() + 1);
  }

  Node* pop_front() {
    Node* w = head_.load();
    head_.store(w->next.load());
    if (head_.load() == nullptr) tail_.store(nullptr);
    size_.store(size_.load() - 1);
    return w;
  }

  // Unlinks w (a waiter that gave up); returns whether it was queued.
  bool remove(Node* w) {
    Node* prev = nullptr;
    for (Node* cur = head_.load(); cur != nullptr; prev = cur, cur = cur->next.load()) {
      if (cur != w) continue;
      if (prev)
        prev->next.store(w->next.load());
      else
        head_.store(w->next.load());
      if (tail_.load() == w) tail_.store(prev);
      size_.store(size_.load() - 1);
      return true;
    }
    return false;
  }

 private:
  shared_var<Node*> head_{nullptr};
  shared_var<Node*> tail_{nullptr};
  shared_var<std::size_t> size_{0};
};

}  // namespace gauntlet::semaphore
