#include "api/store_pool.h"

namespace alley::api {

StatusOr<std::unique_ptr<StorePool>> StorePool::Open(const std::string& location, size_t size) {
  ALLEY_CHECK(size > 0, "a pool needs at least one connection");
  std::vector<std::unique_ptr<store::Store>> stores;
  for (size_t i = 0; i < size; ++i) {
    ALLEY_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> s, store::OpenStore(location));
    stores.push_back(std::move(s));
  }
  return std::make_unique<StorePool>(std::move(stores));
}

StorePool::StorePool(std::vector<std::unique_ptr<store::Store>> stores)
    : stores_(std::move(stores)) {
  for (const auto& s : stores_) free_.push_back(s.get());
}

StorePool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Release(store_);
}

StatusOr<StorePool::Lease> StorePool::Acquire(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!available_.wait_for(lock, timeout, [this] { return !free_.empty(); })) {
    return UnavailableError("every database connection is busy; try again");
  }
  store::Store* s = free_.back();
  free_.pop_back();
  return Lease(this, s);
}

void StorePool::Release(store::Store* store) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(store);
  }
  available_.notify_one();
}

}  // namespace alley::api
