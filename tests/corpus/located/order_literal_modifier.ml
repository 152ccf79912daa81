let a = String.length "ab" + 0x1z
