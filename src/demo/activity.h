// A year of SYNTHETIC activity for the Hailian demo, so that every page and
// report of the services shows something real-looking: residents' concerns
// through their whole lifecycle (and the workflows that follow in
// activity.cc). Every record is marked synthetic and made again, whole, with
// the demo (BuildHailianDemo calls this inside its transaction, after the
// ledger).
//
// Concerns: about 1,400 a year for the 7,266 residents (roughly one for every
// five residents: the order of 12345 hotline complaints per head in Chinese
// cities), with a seasonal mix (heating and water in winter, noise and
// utilities in summer), received mostly in office hours, placed in the
// compounds; most are answered and resolved on time and rated, some late,
// some reopened or still open at the end.
//
// The result is a pure function of the seed, the reference date and the
// ledger the demo has just written.
#pragma once

#include <cstdint>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::demo {

struct ActivityReport {
  int64_t concerns = 0;
  int64_t concern_events = 0;
};

// Deletes the synthetic activity under `community` (before the demo's
// residents and facilities are deleted, which it refers to).
Status DeleteActivity(store::Writer& w, std::string_view community);

// Writes a year of activity ending on `as_of` for `community`, whose
// synthetic ledger is already written in this transaction.
StatusOr<ActivityReport> WriteActivity(store::Writer& w, std::string_view community,
                                       core::Date as_of, uint64_t seed);

}  // namespace alley::demo
