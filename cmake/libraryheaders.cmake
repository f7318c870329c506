# ingress_library_headers(TARGET [PRIVATE] [FOLDER dir] [ROOT name]): the target's dependents
# include its headers by their path in the tree ("model/routing/routingtable.h", design notes
# 16), and only its dependents can. Each library's include root is a folder of its own in the
# build tree that holds one link, to the library's source folder; a target sees the roots of what
# it links and nothing else, so an #include of a library the target does not link fails to
# compile (docs/architecture.md). Executables (tests, benchmarks) use PRIVATE; tests share one
# root for the whole tests/ folder.
function(ingress_library_headers target)
    cmake_parse_arguments(arg "PRIVATE" "FOLDER;ROOT" "" ${ARGN})
    if(arg_FOLDER)
        set(folder ${arg_FOLDER})
    else()
        file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
    endif()
    if(NOT arg_ROOT)
        set(arg_ROOT ${target})
    endif()
    set(root ${PROJECT_BINARY_DIR}/include/${arg_ROOT})
    get_filename_component(parent ${root}/${folder} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${folder} ${root}/${folder} SYMBOLIC)
    if(arg_PRIVATE)
        target_include_directories(${target} PRIVATE ${root})
    else()
        target_include_directories(${target} PUBLIC ${root})
    endif()
endfunction()
