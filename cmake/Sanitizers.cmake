# ASan + UBSan for debug builds and CI (STYLE.md). Applied globally so that
# every target, tests included, runs instrumented; UBSan findings abort.
if(ALLEY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
