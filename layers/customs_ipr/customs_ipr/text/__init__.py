"""Text both recordations and screening read: normalization, Chinese characters, term keys.

``normalize`` folds declared and recorded text to one form; ``chinese`` holds the readings
and shapes of Chinese characters; ``terms`` says under which keys a recorded term is
indexed and what each index entry holds. Recordations write the index with these keys,
screening and the public look-up read it with the same ones. Nothing here imports another
part of the package.
"""
