# One list of warnings for all of Alley's own code (STYLE.md).
set(ALLEY_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
# GCC 12 (Debian 12) warns -Wrestrict inside libstdc++'s std::string at -O2/-O3
# where there is no overlap: a false positive (GCC bug 105329), fixed in GCC 13.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND ALLEY_WARNINGS -Wno-restrict)
  # GCC 12 also warns when a designated initializer ({.name = ...}) leaves
  # members to their default member initializers, which is what designated
  # initializers are for (GCC bug 96868, fixed in GCC 13; clang does not warn).
  list(APPEND ALLEY_WARNINGS -Wno-missing-field-initializers)
endif()
if(ALLEY_WERROR)
  list(APPEND ALLEY_WARNINGS -Werror)
endif()

# alley_target(NAME) applies the project's warnings and include root.
function(alley_target name)
  target_compile_options(${name} PRIVATE ${ALLEY_WARNINGS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
endfunction()
