from ingest.agencies import canonical_name, split_agencies


def test_aliases_map_to_one_name():
    assert canonical_name("Bộ TT&TT") == "Bộ Thông tin và Truyền thông"
    assert canonical_name("BKHCN") == "Bộ Khoa học và Công nghệ"
    assert canonical_name("NHNN") == "Ngân hàng Nhà nước Việt Nam"
    assert canonical_name("UBND cấp tỉnh có liên quan") == "Ủy ban nhân dân cấp tỉnh"


def test_split_keeps_commas_inside_a_name():
    names = [a.name for a in split_agencies("Bộ Văn hóa, Thể thao và Du lịch; UBND cấp tỉnh")]
    assert names == ["Bộ Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân cấp tỉnh"]


def test_split_on_comma_before_a_new_body_and_on_glued_names():
    names = [a.name for a in split_agencies("Bộ Công Thương Các bộ, ngành")]
    assert names == ["Bộ Công Thương", "Các bộ, ngành"]
    names = [a.name for a in split_agencies("Bộ Khoa học và Công nghệ, các bộ, ngành và UBND cấp tỉnh")]
    assert names[0] == "Bộ Khoa học và Công nghệ"


def test_parenthesis_becomes_a_note_and_original_is_kept():
    agency = split_agencies("Bộ Công an (Hệ thống định danh và xác thực điện tử)")[0]
    assert agency.name == "Bộ Công an"
    assert agency.note == "Hệ thống định danh và xác thực điện tử"
    assert agency.original == "Bộ Công an (Hệ thống định danh và xác thực điện tử)"
