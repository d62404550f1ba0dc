// Group commit for the audit trail. Every read of personal data appends an
// audit record before the data is sent; one transaction per record would make
// the audit log the server's bottleneck (every commit takes SQLite's single
// write lock). Requests hand their record to the batcher and wait until it is
// stored; one thread writes every record handed in meanwhile in a single
// transaction. A request's data is still never sent before its record lands.
//
//   AuditBatcher batcher(std::move(lease));
//   ALLEY_RETURN_IF_ERROR(batcher.Append(record, now));  // blocks until committed
//
// A batch that fails as a whole (one bad record) is retried record by record,
// so that each caller gets its own record's status.
//
// Thread safety: Append may be called from any number of threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "api/store_pool.h"
#include "core/status.h"
#include "registry/audit.h"

namespace alley::api {

class AuditBatcher {
 public:
  // Writes through `store`, a connection of its own (never one that a waiting
  // request holds).
  explicit AuditBatcher(StorePool::Lease store);
  // Writes what is pending, then stops the thread.
  ~AuditBatcher();
  AuditBatcher(const AuditBatcher&) = delete;
  AuditBatcher& operator=(const AuditBatcher&) = delete;

  // Appends `record` at `now`; returns once it is committed (or failed).
  Status Append(const registry::audit::AuditRecord& record, store::Timestamp now);

  // Records written and transactions used so far (for tests and metrics).
  int64_t records() const;
  int64_t batches() const;

 private:
  struct Pending {
    registry::audit::AuditRecord record;
    store::Timestamp now;
    Status status;
    bool done = false;
  };
  void Run();
  void WriteBatch(std::vector<Pending*>& batch);

  StorePool::Lease store_;
  mutable std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable done_;
  std::vector<Pending*> queue_;
  bool stopping_ = false;
  int64_t records_ = 0;
  int64_t batches_ = 0;
  std::thread thread_;
};

}  // namespace alley::api
