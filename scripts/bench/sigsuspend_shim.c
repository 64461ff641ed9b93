/* Valgrind 3.19 rewrites the signal mask passed to rt_sigsuspend in place; libdispatch's parked main
 * thread (Swift's async main) passes a mask in read-only memory, and valgrind dies with SIGSEGV.
 * LD_PRELOAD this under valgrind only: it hands the kernel a writable copy. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, _NSIG / 8);
}
