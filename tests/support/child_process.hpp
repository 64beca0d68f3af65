#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
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

// A child process (spawn_process), stopped with SIGTERM and reaped when the object goes.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& args, int stdout_fd = -1,
                        int stderr_fd = -1)
      : pid_(spawn_process(args, -1, stdout_fd, stderr_fd)) {}
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // SIGKILL and reap at once: a crash, for tests of what survives one.
  void kill_hard();

 private:
  pid_t pid_;
};

// The text of the file at `path` with every key of `values` (such as "@PORT@") replaced: the
// configuration files of the proxies tests start.
std::string filled_template(const std::string& path,
                            const std::map<std::string, std::string>& values);

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();
// Whether something accepts connections on 127.0.0.1:`port` now.
bool accepts_connections(int port);
// Until something accepts connections on 127.0.0.1:`port`, up to `timeout`; whether it does.
bool wait_for_port(int port, std::chrono::milliseconds timeout);

}  // namespace atrium::testing
