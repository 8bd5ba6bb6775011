# Shared by the benchmark scripts (sourced, not run): median of numbers on stdin, and the wall clock in seconds.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
now() { date +%s.%N; }
