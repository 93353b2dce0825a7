# Install rules and the CMake package for libttsim: find_package(ttsim) gives ttsim::ttsim.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS ttsim EXPORT ttsimTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION include/ttsim)
# The SDK-path headers; kernels compiled at run time find them next to the library
# (<prefix>/include/ttsim, see sim_include_dir()).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/src/sim/include/ DESTINATION include/ttsim)
install(EXPORT ttsimTargets NAMESPACE ttsim:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ttsim)
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/ttsimConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/cmake/ttsimConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ttsim)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/ttsimConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/ttsimConfig.cmake
              ${CMAKE_BINARY_DIR}/cmake/ttsimConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ttsim)
# Build-tree package: find_package(ttsim PATHS <build>/cmake) works without installing.
export(EXPORT ttsimTargets NAMESPACE ttsim:: FILE ${CMAKE_BINARY_DIR}/cmake/ttsimTargets.cmake)
