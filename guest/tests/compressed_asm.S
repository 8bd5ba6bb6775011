/* Hand-written RVC: every C instruction of RV64GC, written with explicit c.*
 * mnemonics so the assembler cannot choose the 32-bit form. Each routine
 * stores its results through a pointer so C can print and check them. */
    .option rvc
    .text

/* compressed_alu(a0 = a, a1 = b, a2 = out[]) */
    .globl compressed_alu
compressed_alu:
    mv      a3, a0
    c.addi  a3, 5
    c.sd    a3, 0(a2)
    mv      a3, a0
    c.addi  a3, -32
    c.sd    a3, 8(a2)
    mv      a3, a0
    c.addiw a3, -1
    c.sd    a3, 16(a2)
    mv      a3, a0
    c.addiw a3, 0          /* sext.w */
    c.sd    a3, 24(a2)
    c.li    a3, 31
    c.sd    a3, 32(a2)
    c.li    a3, -32
    c.sd    a3, 40(a2)
    c.lui   a3, 0x1f
    c.sd    a3, 48(a2)
    c.lui   a3, 0xfffe0    /* nzimm = -32: sign-extends through bit 63 */
    c.sd    a3, 56(a2)
    mv      a3, a0
    c.srli  a3, 63
    c.sd    a3, 64(a2)
    mv      a3, a0
    c.srli  a3, 1
    c.sd    a3, 72(a2)
    mv      a3, a0
    c.srai  a3, 1
    c.sd    a3, 80(a2)
    mv      a3, a0
    c.srai  a3, 63
    c.sd    a3, 88(a2)
    mv      a3, a0
    c.andi  a3, -1
    c.sd    a3, 96(a2)
    mv      a3, a0
    c.andi  a3, 0x1f
    c.sd    a3, 104(a2)
    mv      a3, a0
    c.sub   a3, a1
    c.sd    a3, 112(a2)
    mv      a3, a0
    c.xor   a3, a1
    c.sd    a3, 120(a2)
    mv      a3, a0
    c.or    a3, a1
    c.sd    a3, 128(a2)
    mv      a3, a0
    c.and   a3, a1
    c.sd    a3, 136(a2)
    mv      a3, a0
    c.subw  a3, a1
    c.sd    a3, 144(a2)
    mv      a3, a0
    c.addw  a3, a1
    c.sd    a3, 152(a2)
    mv      a3, a0
    c.slli  a3, 1
    c.sd    a3, 160(a2)
    mv      a3, a0
    c.slli  a3, 63
    c.sd    a3, 168(a2)
    c.mv    a3, a1
    c.sd    a3, 176(a2)
    mv      a3, a0
    c.add   a3, a1
    c.sd    a3, 184(a2)
    /* s0/s1 (x8/x9) are the other ends of the 3-bit register field. */
    addi    sp, sp, -16
    sd      s0, 0(sp)
    sd      s1, 8(sp)
    mv      s0, a0
    mv      s1, a1
    c.add   s0, s1
    c.sub   s0, s1
    c.addi  s0, 1
    c.sd    s0, 192(a2)
    ld      s0, 0(sp)
    ld      s1, 8(sp)
    addi    sp, sp, 16
    c.nop
    ret

/* compressed_memory(a0 = buffer[16] of 64-bit words, a1 = out[]) */
    .globl compressed_memory
compressed_memory:
    c.ld    a2, 8(a0)
    c.sd    a2, 0(a1)
    c.lw    a2, 4(a0)          /* sign-extends */
    c.sd    a2, 8(a1)
    c.lw    a2, 124(a0)        /* largest c.lw offset */
    c.sd    a2, 16(a1)
    c.ld    a2, 120(a0)        /* largest c.ld offset in this buffer */
    c.sd    a2, 24(a1)
    li      a3, 0x11223344
    c.sw    a3, 64(a0)
    c.ld    a2, 64(a0)
    c.sd    a2, 32(a1)
    c.fld   fa0, 16(a0)
    c.fsd   fa0, 40(a1)
    /* Stack-relative forms on a fresh frame. */
    c.addi16sp sp, -64
    c.addi4spn a4, sp, 16      /* a4 = sp + 16 */
    sub     a5, a4, sp
    c.sd    a5, 48(a1)
    li      a3, -2
    c.sdsp  a3, 0(sp)
    c.swsp  a3, 8(sp)
    c.fsdsp fa0, 24(sp)
    c.ldsp  a2, 0(sp)
    c.sd    a2, 56(a1)
    c.lwsp  a2, 8(sp)
    c.sd    a2, 64(a1)
    c.ld    a2, 8(a4)          /* the fsdsp slot, read through a4 = sp + 16 */
    c.sd    a2, 72(a1)
    c.fldsp fa1, 24(sp)
    c.fsd   fa1, 80(a1)
    c.addi16sp sp, 64
    ret

/* compressed_control(a0 = out[]): branches and jumps, with link values as
 * offsets from the jump instruction. */
    .globl compressed_control
compressed_control:
    li      a1, 0
    c.beqz  a1, 1f
    c.li    a1, 9              /* skipped */
1:  c.sd    a1, 0(a0)          /* 0: beqz taken */
    c.li    a1, 3
    c.beqz  a1, 2f
    c.li    a1, 4              /* beqz not taken */
2:  c.sd    a1, 8(a0)          /* 4 */
    c.bnez  a1, 3f
    c.li    a1, 9              /* skipped */
3:  c.sd    a1, 16(a0)         /* 4 */
    c.li    a1, 0
    c.bnez  a1, 4f
    c.li    a1, 5
4:  c.sd    a1, 24(a0)         /* 5 */
    c.j     5f
    c.li    a1, 9              /* skipped */
5:  c.sd    a1, 32(a0)         /* 5 */
    /* c.jalr links pc + 2. */
    mv      a5, ra
    lla     a2, 6f
    lla     a3, 7f
7:  c.jalr  a2
    j       8f
6:  sub     a4, ra, a3
    c.sd    a4, 40(a0)         /* 2 */
    c.jr    ra
8:  mv      ra, a5
    /* c.jr */
    lla     a2, 9f
    c.li    a1, 1
    c.jr    a2
    c.li    a1, 9              /* skipped */
9:  c.sd    a1, 48(a0)         /* 1 */
    /* A backward c.bnez loop. */
    c.li    a1, 7
    c.li    a2, 0
10: c.addi  a2, 2
    c.addi  a1, -1
    c.bnez  a1, 10b
    c.sd    a2, 56(a0)         /* 14 */
    ret

/* compressed_ebreak(): executes c.ebreak; returns its address in a0. */
    .globl compressed_ebreak
compressed_ebreak:
    lla     a0, 1f
1:  c.ebreak
    ret
