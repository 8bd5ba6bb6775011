/* Assembler macro: an __ex_table entry saying that a fault at a pc in
 * [start, end) resumes at fixup. See struct exception_table_entry. */
#ifndef KERNEL_EXCEPTION_TABLE_H
#define KERNEL_EXCEPTION_TABLE_H

.macro EXCEPTION_TABLE_ENTRY start, end, fixup
    .pushsection __ex_table, "a"
    .balign 8
    .dword  \start, \end, \fixup
    .popsection
.endm

#endif
