// SPDX-License-Identifier: Apache-2.0
/* Names for error values, so that a message says "-ENOMEM" rather than "-12". */
#include <tessera/errno.h>

const char *errno_name(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return "OK";
	case EPERM:
		return "EPERM";
	case ENOENT:
		return "ENOENT";
	case ESRCH:
		return "ESRCH";
	case EIO:
		return "EIO";
	case E2BIG:
		return "E2BIG";
	case ENOMEM:
		return "ENOMEM";
	case EFAULT:
		return "EFAULT";
	case EBUSY:
		return "EBUSY";
	case EEXIST:
		return "EEXIST";
	case ENODEV:
		return "ENODEV";
	case EINVAL:
		return "EINVAL";
	case ENOSPC:
		return "ENOSPC";
	case ERANGE:
		return "ERANGE";
	case ENOSYS:
		return "ENOSYS";
	case EOVERFLOW:
		return "EOVERFLOW";
	case EDOM:
		return "EDOM";
	case EILSEQ:
		return "EILSEQ";
	case ENOTSUP:
		return "ENOTSUP";
	default:
		return "E?";
	}
}
