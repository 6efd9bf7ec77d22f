{% macro lifecycle_stages() -%}
    {#- The buyer lifecycle stages of SPEC 4.1, in rule order (the CASE of
        int_buyer_lifecycle_snapshots). The one list: the accepted_values tests of
        lifecycle_stage render it (`values: "{{ lifecycle_stages() }}"`) and
        assert_every_lifecycle_stage_has_a_playbook_row reads it. -#}
    {{ return(['prospect', 'first_time', 'inactive', 'at_risk', 'loyal', 'repeat']) }}
{%- endmacro %}
