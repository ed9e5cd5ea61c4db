/*
 * asan_first.c - preloaded after libasan by test/sanitize-server.sh, so that AddressSanitizer
 * is initialized before any library constructor runs gettext code.
 *
 * With libasan in LD_PRELOAD of a stock postgres, ASan's own constructor runs after those of
 * the libraries postgres links (libgpg-error, gnutls, ...). The first of them calls
 * bindtextdomain, which takes glibc's gettext lock for writing and then allocates: ASan then
 * initializes inside that critical section, a failed dlsym there translates its message
 * (a read lock on the same lock, refused with EDEADLK but released anyway), and the lock is left
 * corrupted: the postmaster hangs in its own bindtextdomain. This wrapper initializes ASan
 * before forwarding the first bindtextdomain call, outside the lock.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

extern void __asan_init(void);
char	   *bindtextdomain(const char *domain, const char *dir);

char *
bindtextdomain(const char *domain, const char *dir)
{
	static char *(*real) (const char *, const char *);

	__asan_init();				/* does nothing once ASan is up */
	if (real == NULL)
		real = (char *(*) (const char *, const char *)) dlsym(RTLD_NEXT, "bindtextdomain");
	return real(domain, dir);
}
