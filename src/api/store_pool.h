// A fixed set of Store connections to one database, lent to request threads.
// A Store serves one thread at a time (store.h), so the server keeps one per
// worker thread; SQLite's WAL mode lets them read in parallel while one writes.
//
//   ALLEY_ASSIGN_OR_RETURN(std::unique_ptr<StorePool> pool, StorePool::Open("alley.db", 8));
//   ALLEY_ASSIGN_OR_RETURN(StorePool::Lease store, pool->Acquire());
//   store->Read(...);  // returned to the pool when `store` goes out of scope
//
// Thread safety: Acquire may be called from any thread; a Lease is used by the
// thread that holds it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace alley::api {

class StorePool {
 public:
  // Opens `size` connections to `location` (OpenStore: the first applies any
  // pending migrations). Errors are OpenStore's.
  static StatusOr<std::unique_ptr<StorePool>> Open(const std::string& location, size_t size);
  // Lends the given stores (tests).
  explicit StorePool(std::vector<std::unique_ptr<store::Store>> stores);

  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), store_(other.store_) {
      other.pool_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    store::Store& operator*() const { return *store_; }
    store::Store* operator->() const { return store_; }

   private:
    friend class StorePool;
    Lease(StorePool* pool, store::Store* store) : pool_(pool), store_(store) {}
    StorePool* pool_;
    store::Store* store_;
  };

  // A free connection; waits up to `timeout` for one, then kUnavailable.
  StatusOr<Lease> Acquire(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  size_t size() const { return stores_.size(); }

 private:
  void Release(store::Store* store);

  std::vector<std::unique_ptr<store::Store>> stores_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<store::Store*> free_;
};

}  // namespace alley::api
