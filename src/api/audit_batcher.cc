#include "api/audit_batcher.h"

namespace alley::api {

AuditBatcher::AuditBatcher(StorePool::Lease store)
    : store_(std::move(store)), thread_([this] { Run(); }) {}

AuditBatcher::~AuditBatcher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  thread_.join();
}

Status AuditBatcher::Append(const registry::audit::AuditRecord& record, store::Timestamp now) {
  Pending pending{record, now, OkStatus(), false};
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return UnavailableError("the server is shutting down");
  queue_.push_back(&pending);
  work_.notify_one();
  done_.wait(lock, [&] { return pending.done; });
  return pending.status;
}

int64_t AuditBatcher::records() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return records_;
}

int64_t AuditBatcher::batches() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return batches_;
}

void AuditBatcher::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::vector<Pending*> batch;
    batch.swap(queue_);
    lock.unlock();
    WriteBatch(batch);
    lock.lock();
    for (Pending* p : batch) p->done = true;
    records_ += static_cast<int64_t>(batch.size());
    ++batches_;
    done_.notify_all();
  }
}

void AuditBatcher::WriteBatch(std::vector<Pending*>& batch) {
  Status all = store_->Write([&](store::Writer& w) -> Status {
    for (Pending* p : batch) {
      ALLEY_RETURN_IF_ERROR(registry::audit::Append(w, p->record, p->now).status());
    }
    return OkStatus();
  });
  if (all.ok()) return;
  // Someone's record is bad (or the database failed): each on its own, so
  // that every caller learns its own record's fate.
  for (Pending* p : batch) {
    p->status = registry::audit::Append(*store_, p->record, p->now).status();
  }
}

}  // namespace alley::api
