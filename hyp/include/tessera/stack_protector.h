/* SPDX-License-Identifier: Apache-2.0 */
#ifndef TESSERA_STACK_PROTECTOR_H
#define TESSERA_STACK_PROTECTOR_H

/* Sets the stack-protector guard; call before any protected function is entered. */
void stack_protector_init(unsigned long seed);

#endif
