from vec2face.cli import main

main()
