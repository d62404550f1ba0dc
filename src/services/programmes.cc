#include "services/programmes.h"

#include <array>

namespace alley::services {

namespace {

constexpr std::array kProgrammes = {
    Programme{"home_care", "居家养老", ProgrammeGroup::kElderly},
    Programme{"canteen_meals", "助餐", ProgrammeGroup::kElderly},
    Programme{"elderly_visits", "探访关爱", ProgrammeGroup::kElderly},
    Programme{"rest_station", "户外劳动者驿站", ProgrammeGroup::kPlatformWorker},
    Programme{"insurance_enrolment", "参保帮扶", ProgrammeGroup::kPlatformWorker},
    Programme{"legal_aid", "法律援助", ProgrammeGroup::kPlatformWorker},
    Programme{"skills_training", "技能培训", ProgrammeGroup::kPlatformWorker},
};

}  // namespace

std::span<const Programme> Programmes() { return kProgrammes; }

const Programme* FindProgramme(std::string_view id_or_name) {
  for (const Programme& p : kProgrammes) {
    if (p.id == id_or_name || p.name_zh == id_or_name) return &p;
  }
  return nullptr;
}

}  // namespace alley::services
