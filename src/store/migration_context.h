// What a migration step's C++ code works with (store.h, Migration::code):
// the open connection, inside the step's transaction, and the cipher for
// personal data. Internal to src/store.
#pragma once

#include <sqlite3.h>

#include "store/personal_data.h"
#include "store/store.h"

namespace alley::store {

struct MigrationContext {
  sqlite3* db;
  const PersonalDataCipher& cipher;
};

}  // namespace alley::store
