// The programmes a resident can be enrolled in: elderly care (home care,
// canteen meals, visits to elderly people living alone) and the services for
// platform workers (rest stations, help to enrol in insurance, legal aid,
// training).
//
// Each programme has a stable identifier (files, the API, the database), its
// Chinese name, and the group it is for; an enrolment outside that group is
// refused (kFailedPrecondition) by the workflow that records it:
//
//   const Programme* p = FindProgramme("canteen_meals");  // or "助餐"
//   p->group == ProgrammeGroup::kElderly
//
// Identifiers never change once released.
#pragma once

#include <span>
#include <string_view>

namespace alley::services {

// Who a programme serves.
enum class ProgrammeGroup {
  kElderly,         // residents aged 60 or more
  kPlatformWorker,  // residents in a new form of employment (新就业形态)
};

struct Programme {
  std::string_view id;
  std::string_view name_zh;
  ProgrammeGroup group;
};

// Every programme, elderly care first.
std::span<const Programme> Programmes();

// The programme with this identifier or Chinese name; nullptr if none.
const Programme* FindProgramme(std::string_view id_or_name);

// The age from which a resident belongs to the elderly group.
inline constexpr int kElderlyAge = 60;

}  // namespace alley::services
