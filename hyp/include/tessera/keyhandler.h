/* SPDX-License-Identifier: Apache-2.0 */
/* Debug keys: single keystrokes on the hypervisor console that print state (as Xen's do). */
#ifndef TESSERA_KEYHANDLER_H
#define TESSERA_KEYHANDLER_H

void keyhandler_handle(char key);

#endif
