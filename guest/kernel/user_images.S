/* The user programs' flat binaries, copied into each process at creation. */
    .section .rodata.user_images, "a"
    .balign 16
    .globl alpha_image, alpha_image_end
alpha_image:
    .incbin USER_ALPHA_BIN
alpha_image_end:
    .balign 16
    .globl beta_image, beta_image_end
beta_image:
    .incbin USER_BETA_BIN
beta_image_end:
