"""python -m payvand"""

from payvand.cli import main

main()
