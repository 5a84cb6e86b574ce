# Where the installed programs find their files, and the version they report: the project
# VERSION plus `git describe` when built from a git checkout. Included before the programs.
include(GNUInstallDirs)

option(OSM_BUILD_TREE_ASSETS "Fall back to the source tree's assets when the installed ones are missing" ON)
set(OSM_INSTALLED_DATADIR "${CMAKE_INSTALL_FULL_DATADIR}/osaamissilta")

set(OSM_VERSION "${PROJECT_VERSION}")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" rev-list --count HEAD
                  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}" OUTPUT_VARIABLE osm_git_count
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE osm_git_failed)
  execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty=.dirty --abbrev=10
                  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}" OUTPUT_VARIABLE osm_git_describe
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT osm_git_failed AND osm_git_describe)
    # The commit count keeps Debian versions of later commits ordered after earlier ones.
    string(REGEX REPLACE "[^A-Za-z0-9.]" "." osm_git_describe "${osm_git_describe}")
    set(OSM_VERSION "${PROJECT_VERSION}+git${osm_git_count}.${osm_git_describe}")
  endif()
endif()
# A packaging run may set the version outright (the upgrade test builds "the previous version").
if(OSM_VERSION_OVERRIDE)
  set(OSM_VERSION "${OSM_VERSION_OVERRIDE}")
endif()

# osm_program_paths(TARGET SUBDIR): compiles in the version and the assets folder
# <datadir>/osaamissilta/SUBDIR, with the source tree's assets as fallback for build trees.
function(osm_program_paths target subdir)
  set(fallback "")
  if(OSM_BUILD_TREE_ASSETS)
    set(fallback "${OSM_SOURCE_ASSETS_DIR}")
  endif()
  target_compile_definitions(${target} PRIVATE
    OSM_VERSION="${OSM_VERSION}"
    OSM_DEFAULT_ASSETS_DIR="${OSM_INSTALLED_DATADIR}/${subdir}"
    OSM_FALLBACK_ASSETS_DIR="${fallback}")
endfunction()
