let x = exit "1"
