# Makes a static, unhinted instance of a variable font: SRC OUT WEIGHT (wdth 100).
import sys
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from fontTools import subset
src, out, wght = sys.argv[1], sys.argv[2], float(sys.argv[3])
f = TTFont(src)
inst = instancer.instantiateVariableFont(f, {"wght": wght, "wdth": 100}, updateFontNames=True)
opts = subset.Options()
opts.hinting = False
opts.layout_features = ["*"]
opts.name_IDs = ["*"]
opts.name_languages = ["*"]
opts.glyph_names = False
opts.notdef_outline = True
opts.drop_tables += ["DSIG"]
s = subset.Subsetter(opts)
s.populate(unicodes=inst.getBestCmap().keys())
s.subset(inst)
inst.save(out)
