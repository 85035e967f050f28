export const id=530;export const ids=[530];export const modules={3530:(o,s,t)=>{t.d(s,{fromEnv:()=>r.sF});var r=t(8741)}};
//# sourceMappingURL=530.index.js.map
