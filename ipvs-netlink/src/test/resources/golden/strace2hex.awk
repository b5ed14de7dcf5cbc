# Turns `strace -o FILE -f -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all` output
# into the golden format the tests read: a "send" or "recv" line per syscall that moved data, then
# that datagram's bytes as hex, 16 a line (strace's own dump, its offset and ASCII columns cut).
# MSG_PEEK reads (libnl and iproute2 peek for the size) are left out.
/^([0-9]+ +|\[pid +[0-9]+\] )?(sendmsg|sendto)\(/ { dir = "send"; fresh = 1; next }
/^([0-9]+ +|\[pid +[0-9]+\] )?(recvmsg|recvfrom)\(/ { dir = ($0 ~ /MSG_PEEK/) ? "" : "recv"; fresh = 1; next }
/^ \* [0-9]+ bytes in buffer/ { next }
/^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / {
  if (dir == "") next
  if (fresh) { print dir; fresh = 0 }
  hex = substr($0, 11, 49)
  gsub(/  +/, " ", hex); sub(/^ /, "", hex); sub(/ +$/, "", hex)
  print hex
  next
}
{ dir = "" }
