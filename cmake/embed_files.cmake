# Generates a C++ source holding every file of one directory with one extension (cmake -P script),
# so that the binary never reads the source tree at run time.
#   -DINPUT_DIR=<dir> -DEXTENSION=.mustache -DFUNCTION=embedded_templates -DOUTPUT=<file.cpp>
#   -DHEADER=web/embedded_files.hpp -DNAMESPACE=atrium::web   where FUNCTION is declared
#   [-DSTRIP_EXTENSION=ON]   name entries "login" rather than "login.mustache"
# Used through atrium_embed_directory() in the top-level CMakeLists.txt.
# Files must be UTF-8 text (they become raw string literals); names must be lower_snake with
# digits, dots or hyphens, so that they are safe in URLs and in mustache partial tags.

cmake_policy(SET CMP0057 NEW)  # if(... IN_LIST ...)

if(NOT INPUT_DIR OR NOT EXTENSION OR NOT FUNCTION OR NOT OUTPUT OR NOT HEADER OR NOT NAMESPACE)
  message(FATAL_ERROR "embed_files.cmake needs -DINPUT_DIR=... -DEXTENSION=... -DFUNCTION=... "
                      "-DOUTPUT=... -DHEADER=... -DNAMESPACE=...")
endif()

set(delimiter "atrium_file")
# Sub-folders only group the files for people (templates/pages/{live,admin,partials}): an entry is
# named by its file name alone, so two files of one name are refused.
file(GLOB_RECURSE files "${INPUT_DIR}/*${EXTENSION}")
list(SORT files)
if(NOT files)
  message(FATAL_ERROR "no *${EXTENSION} files in ${INPUT_DIR}")
endif()

set(body "")
foreach(path IN LISTS files)
  get_filename_component(file_name "${path}" NAME)
  if(NOT file_name MATCHES "^[a-z0-9][a-z0-9_.-]*$")
    message(FATAL_ERROR "${path}: file names must be lower case letters, digits, '_', '.', '-'")
  endif()
  if(file_name IN_LIST seen_names)
    message(FATAL_ERROR "${path}: another file under ${INPUT_DIR} has the name ${file_name}")
  endif()
  list(APPEND seen_names "${file_name}")
  set(name "${file_name}")
  if(STRIP_EXTENSION)
    string(LENGTH "${file_name}" name_length)
    string(LENGTH "${EXTENSION}" extension_length)
    math(EXPR stem_length "${name_length} - ${extension_length}")
    string(SUBSTRING "${file_name}" 0 ${stem_length} name)
  endif()
  file(READ "${path}" content)
  string(FIND "${content}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${path} contains the raw-string delimiter )${delimiter}\"")
  endif()
  file(SHA256 "${path}" digest)
  string(APPEND body
         "    {\"${name}\", R\"${delimiter}(${content})${delimiter}\", \"${digest}\"},\n")
endforeach()

set(generated "// Generated from ${INPUT_DIR} by cmake/embed_files.cmake. Do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

namespace {

constexpr EmbeddedFile kFiles[] = {
${body}};

}  // namespace

std::span<const EmbeddedFile> ${FUNCTION}() { return kFiles; }

}  // namespace ${NAMESPACE}
")

# Only touch the file when it changes, so that an unchanged input does not trigger a recompile.
set(temporary "${OUTPUT}.tmp")
file(WRITE "${temporary}" "${generated}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${temporary}" "${OUTPUT}")
file(REMOVE "${temporary}")
