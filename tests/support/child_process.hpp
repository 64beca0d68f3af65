#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

// Child processes of tests (the SMTP server, gateways, upstreams).
namespace atrium::testing {

// Starts args[0] (looked up on PATH) with the given descriptors as stdin/stdout/stderr (-1:
// inherited). Throws std::runtime_error when it cannot start.
pid_t spawn_process(const std::vector<std::string>& args, int stdin_fd, int stdout_fd,
                    int stderr_fd = -1);

// Waits for `pid` to exit, killing it if it has not within a few seconds.
void reap(pid_t pid);

// Reads the first line the child prints on `fd`, giving up after `timeout` ("" then).
std::string read_first_line(int fd, std::chrono::milliseconds timeout);

}  // namespace atrium::testing
